using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Reconciliation;

namespace ChatOpsTrader.Tests.Reconciliation;

public class ReconcilerTests
{
    private const int OurClient = 7;
    private static readonly DateTimeOffset Now = new(2026, 11, 17, 16, 0, 0, TimeSpan.Zero);

    private static Position Ours(string symbol, decimal quantity, decimal averageCost) =>
        new(symbol, quantity, averageCost, null, 0m, Now.AddHours(-1));

    private static BrokerPosition Broker(string symbol, decimal quantity, decimal averageCost) => new(symbol, quantity, averageCost);

    private static Fill Execution(string execId, string symbol, OrderSide side, decimal quantity, decimal price, string orderRef = "COT-00000000000000aa", int minutesAgo = 10, long orderId = 11) =>
        new(execId, orderId, orderRef, symbol, side, quantity, price, 1m, Now.AddMinutes(-minutesAgo));

    private static BrokerOrder Order(long id, string symbol, OrderStatus status = OrderStatus.Submitted, string orderRef = "COT-00000000000000bb", int clientId = OurClient) =>
        new(id, orderRef, symbol, OrderSide.Buy, 5, OrderType.Limit, 180m, null, null, status, 0, 0, clientId);

    private static WorkingOrder Working(BrokerOrder order, int minutesAgo = 10, OrderOrigin origin = OrderOrigin.Strategy, string strategy = "alpha") =>
        new(order, origin, strategy, Now.AddMinutes(-minutesAgo));

    private static ReconciliationInput Input(
        Position[]? ours = null,
        BrokerPosition[]? broker = null,
        WorkingOrder[]? ourOrders = null,
        BrokerOrder[]? brokerOrders = null,
        string[]? ourExecIds = null,
        Fill[]? executions = null) =>
        new(Now, ours ?? [], broker ?? [], ourOrders ?? [], brokerOrders ?? [], ourExecIds ?? [], executions ?? []);

    private static ReconciliationReport Compare(ReconciliationInput input, ReconciliationOptions? options = null) =>
        Reconciler.Compare(input, options ?? new ReconciliationOptions());

    [Fact]
    public void Options_default_to_exact_quantities_and_half_a_percent_on_price()
    {
        var options = new ReconciliationOptions();
        Assert.Equal(0m, options.QuantityTolerance);
        Assert.Equal(0.5m, options.PriceTolerancePercent);
        Assert.Equal(options, ReconciliationOptions.Default);
    }

    [Fact]
    public void Matching_positions_orders_and_executions_give_a_clean_report()
    {
        var order = Order(1, "AAPL");
        var report = Compare(Input(
            ours: [Ours("AAPL", 5, 187.50m), Ours("TSLA", -2, 250m)],
            broker: [Broker("TSLA", -2, 250m), Broker("AAPL", 5, 187.50m), Broker("MSFT", 0, 0m)],
            ourOrders: [Working(order)],
            brokerOrders: [order],
            ourExecIds: ["a", "b", "c"],
            executions: [Execution("a", "AAPL", OrderSide.Buy, 5, 187.5m), Execution("b", "TSLA", OrderSide.Sell, 2, 250m), Execution("c", "NVDA", OrderSide.Buy, 1, 1m)]));

        Assert.True(report.IsClean);
        Assert.Empty(report.Items);
        Assert.False(report.HasUnknownPosition);
        Assert.False(report.RequiresSecondPass);
        Assert.Equal(0m, report.BreakValue);
        Assert.Equal(Now, report.Time);
        Assert.Equal("clean: 2 positions, 1 order, 3 executions match", report.Summary());
    }

    [Fact]
    public void A_broker_execution_we_never_applied_is_a_missing_fill_to_record()
    {
        var missing = Execution("0001.01", "AAPL", OrderSide.Buy, 2, 187.25m, orderId: 42);
        var report = Compare(Input(
            ours: [Ours("AAPL", 5, 187.50m)],
            broker: [Broker("AAPL", 7, 187.43m)],
            ourExecIds: ["0000.01"],
            executions: [Execution("0000.01", "AAPL", OrderSide.Buy, 5, 187.5m), missing]));

        // The missing buy of 2 explains 5 -> 7 entirely: no SystemLess on top of it, no price check.
        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.MissingExecution, item.Kind);
        Assert.Equal(ReconciliationAction.RecordMissingFill, item.Action);
        Assert.Same(missing, item.Execution);
        Assert.Equal("0001.01", item.ExecId);
        Assert.Equal(42L, item.OrderId);
        Assert.Equal(2m, item.BrokerQuantity);
        Assert.Equal(187.25m, item.BrokerPrice);
        Assert.Contains("fill happened but was not recorded", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(0m, report.BreakValue);
        Assert.False(report.IsClean);
        Assert.True(report.RequiresSecondPass);
    }

    [Fact]
    public void A_missing_sell_is_reported_with_a_negative_quantity_and_duplicates_count_once()
    {
        var sell = Execution("9.01", "AAPL", OrderSide.Sell, 3, 190m);
        var report = Compare(Input(
            ours: [Ours("AAPL", 5, 187.50m)],
            broker: [Broker("AAPL", 2, 187.50m)],
            executions: [sell, sell]));

        var item = Assert.Single(report.Items);
        Assert.Equal(-3m, item.BrokerQuantity);
        Assert.Equal(1, report.ExecutionsCompared);
    }

    [Fact]
    public void System_showing_more_than_the_broker_adopts_the_broker_quantity()
    {
        var report = Compare(Input(ours: [Ours("AAPL", 5, 187.50m)], broker: [Broker("AAPL", 3, 187.50m)]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.SystemMore, item.Kind);
        Assert.Equal(ReconciliationAction.AdoptBrokerQuantity, item.Action);
        Assert.Equal(5m, item.OurQuantity);
        Assert.Equal(3m, item.BrokerQuantity);
        Assert.Equal(187.50m, item.BrokerPrice);
        Assert.Equal(
            "system shows 5 AAPL, broker shows 3 AAPL: likely a recorded order that did not fill (check its status in TWS); adopting the broker's 3 @ 187.50",
            item.Explanation);
        Assert.Equal(375m, report.BreakValue);
    }

    [Fact]
    public void A_position_the_broker_no_longer_has_is_system_more_valued_at_our_cost()
    {
        var report = Compare(Input(ours: [Ours("MSFT", -4, 400m)]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.SystemMore, item.Kind);
        Assert.Equal(0m, item.BrokerQuantity);
        Assert.Null(item.BrokerPrice);
        Assert.Contains("adopting the broker's 0 (flat)", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(1600m, report.BreakValue);
    }

    [Fact]
    public void A_short_larger_than_the_broker_short_is_system_more()
    {
        var report = Compare(Input(ours: [Ours("TSLA", -5, 250m)], broker: [Broker("TSLA", -3, 250m)]));
        Assert.Equal(ReconciliationKind.SystemMore, Assert.Single(report.Items).Kind);
    }

    [Fact]
    public void System_showing_less_than_the_broker_without_a_missing_execution_adopts_the_broker_quantity()
    {
        var report = Compare(Input(ours: [Ours("AAPL", 3, 187.50m)], broker: [Broker("AAPL", 5, 188m)]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.SystemLess, item.Kind);
        Assert.Equal(ReconciliationAction.AdoptBrokerQuantity, item.Action);
        Assert.Contains("check TWS execution history", item.Explanation, StringComparison.Ordinal);
        Assert.EndsWith("adopting the broker's 5 @ 188.00", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(376m, report.BreakValue);
    }

    [Fact]
    public void A_difference_only_partly_explained_by_missing_executions_reports_the_rest()
    {
        var report = Compare(Input(
            ours: [Ours("AAPL", 3, 100m)],
            broker: [Broker("AAPL", 6, 100m)],
            executions: [Execution("m1", "AAPL", OrderSide.Buy, 2, 100m)]));

        Assert.Equal(2, report.Items.Count);
        Assert.Equal(ReconciliationKind.MissingExecution, report.Items[0].Kind);
        var rest = report.Items[1];
        Assert.Equal(ReconciliationKind.SystemLess, rest.Kind);
        Assert.Equal(5m, rest.OurQuantity);
        Assert.Equal(6m, rest.BrokerQuantity);
        Assert.Contains("system shows 3 AAPL (5 after the 1 missing execution above)", rest.Explanation, StringComparison.Ordinal);
        Assert.Equal(100m, report.BreakValue);
    }

    [Fact]
    public void Opposite_sides_are_reported_and_adopted()
    {
        var report = Compare(Input(ours: [Ours("AAPL", 5, 100m)], broker: [Broker("AAPL", -5, 101m)]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.SystemLess, item.Kind);
        Assert.Equal(ReconciliationAction.AdoptBrokerQuantity, item.Action);
        Assert.Contains("on the opposite side", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(1010m, report.BreakValue);
    }

    [Fact]
    public void A_broker_position_we_do_not_have_and_cannot_explain_halts_and_escalates()
    {
        var report = Compare(Input(
            ours: [Ours("AAPL", 5, 187.50m)],
            broker: [Broker("AAPL", 5, 187.50m), Broker("TSLA", 10, 250m)]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.UnknownPosition, item.Kind);
        Assert.Equal(ReconciliationAction.HaltAndEscalate, item.Action);
        Assert.Equal(0m, item.OurQuantity);
        Assert.Equal(10m, item.BrokerQuantity);
        Assert.Contains("possible unauthorized access", item.Explanation, StringComparison.OrdinalIgnoreCase);
        Assert.True(report.HasUnknownPosition);
        Assert.Equal(2500m, report.BreakValue);
        Assert.Equal("1 difference, break value $2,500.00: UNKNOWN POSITION TSLA: broker 10, ours 0, halt", report.Summary());
    }

    [Fact]
    public void A_new_position_explained_by_our_own_missing_execution_is_not_unknown()
    {
        var report = Compare(Input(
            broker: [Broker("TSLA", 10, 250m)],
            executions: [Execution("m1", "TSLA", OrderSide.Buy, 10, 250m, orderRef: "COT-1234567890abcdef")]));

        Assert.Equal(ReconciliationKind.MissingExecution, Assert.Single(report.Items).Kind);
        Assert.False(report.HasUnknownPosition);
    }

    [Fact]
    public void A_new_position_built_by_a_foreign_execution_we_missed_is_still_unknown()
    {
        var report = Compare(Input(
            broker: [Broker("TSLA", 10, 250m)],
            executions: [Execution("m1", "TSLA", OrderSide.Buy, 10, 250m, orderRef: "")]));

        Assert.Equal(
            new[] { ReconciliationKind.MissingExecution, ReconciliationKind.UnknownPosition },
            report.Items.Select(i => i.Kind));
        var unknown = report.Items[1];
        Assert.Equal(ReconciliationAction.HaltAndEscalate, unknown.Action);
        Assert.Contains("not placed by ChatOpsTrader account for 10", unknown.Explanation, StringComparison.Ordinal);
        Assert.True(report.HasUnknownPosition);
        Assert.Equal(2500m, report.BreakValue);
    }

    [Fact]
    public void A_new_position_only_partly_explained_by_our_missing_execution_is_unknown_for_the_rest()
    {
        var report = Compare(Input(
            broker: [Broker("TSLA", 10, 250m)],
            executions: [Execution("m1", "TSLA", OrderSide.Buy, 4, 250m)]));

        var unknown = Assert.Single(report.Items, i => i.Kind == ReconciliationKind.UnknownPosition);
        Assert.Equal(4m, unknown.OurQuantity);
        Assert.Equal(1500m, report.BreakValue);
    }

    [Fact]
    public void A_foreign_missing_execution_explaining_a_change_of_a_position_we_hold_is_only_a_missing_fill()
    {
        var report = Compare(Input(
            ours: [Ours("AAPL", 5, 100m)],
            broker: [Broker("AAPL", 8, 100m)],
            executions: [Execution("m1", "AAPL", OrderSide.Buy, 3, 100m, orderRef: "manual")]));

        Assert.Equal(ReconciliationKind.MissingExecution, Assert.Single(report.Items).Kind);
    }

    [Fact]
    public void Same_quantity_at_a_different_average_cost_adopts_the_broker_price()
    {
        var report = Compare(Input(ours: [Ours("AAPL", 5, 187.50m)], broker: [Broker("AAPL", 5, 190m)]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.PriceDifferent, item.Kind);
        Assert.Equal(ReconciliationAction.AdoptBrokerPrice, item.Action);
        Assert.Equal(187.50m, item.OurPrice);
        Assert.Equal(190m, item.BrokerPrice);
        Assert.Contains("1.32% apart", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(0m, report.BreakValue);
    }

    [Fact]
    public void Price_differences_within_the_tolerance_are_clean()
    {
        var input = Input(ours: [Ours("AAPL", 5, 187.50m)], broker: [Broker("AAPL", 5, 188m)]);
        Assert.True(Compare(input).IsClean);
        Assert.False(Compare(input, new ReconciliationOptions { PriceTolerancePercent = 0.1m }).IsClean);
    }

    [Fact]
    public void Quantity_differences_within_the_tolerance_are_clean()
    {
        var input = Input(ours: [Ours("BTC", 1.5m, 60000m)], broker: [Broker("BTC", 1.50000001m, 60000m)]);
        Assert.Equal(ReconciliationKind.SystemLess, Assert.Single(Compare(input).Items).Kind);
        Assert.True(Compare(input, new ReconciliationOptions { QuantityTolerance = 0.0001m }).IsClean);
    }

    [Fact]
    public void Our_working_order_absent_at_the_broker_is_marked_closed()
    {
        var order = Order(5, "AAPL");
        var report = Compare(Input(ourOrders: [Working(order)]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.OrderMissingAtBroker, item.Kind);
        Assert.Equal(ReconciliationAction.MarkOrderClosed, item.Action);
        Assert.Equal(5L, item.OrderId);
        Assert.Equal("AAPL", item.Symbol);
        Assert.Contains("our order 5 (BUY 5 AAPL LMT 180.00, strategy alpha", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(0m, report.BreakValue);
    }

    [Fact]
    public void Our_working_order_the_broker_reports_closed_is_marked_closed()
    {
        var order = Order(5, "AAPL");
        var report = Compare(Input(ourOrders: [Working(order)], brokerOrders: [order with { Status = OrderStatus.Cancelled }]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.OrderMissingAtBroker, item.Kind);
        Assert.Contains("Cancelled at the broker", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(0, report.OrdersCompared);
    }

    [Fact]
    public void A_just_sent_order_or_one_already_closed_in_our_book_is_not_reported_missing()
    {
        var young = Working(Order(5, "AAPL", OrderStatus.PendingSubmit), minutesAgo: 0);
        var closed = Working(Order(6, "AAPL", OrderStatus.Filled));
        Assert.True(Compare(Input(ourOrders: [young, closed])).IsClean);
        Assert.Single(Compare(Input(ourOrders: [young]), new ReconciliationOptions { OrderGracePeriod = TimeSpan.Zero }).Items);
    }

    [Fact]
    public void A_broker_order_not_placed_through_us_is_recorded_as_external()
    {
        var manual = Order(0, "AAPL", orderRef: "", clientId: 0);
        var report = Compare(Input(brokerOrders: [manual]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.ExternalOrder, item.Kind);
        Assert.Equal(ReconciliationAction.RecordExternalOrder, item.Action);
        Assert.Same(manual, item.Order);
        Assert.Contains("not placed through ChatOpsTrader", item.Explanation, StringComparison.Ordinal);

        // Once recorded in our book it matches.
        Assert.True(Compare(Input(ourOrders: [Working(manual, origin: OrderOrigin.External, strategy: "")], brokerOrders: [manual])).IsClean);
    }

    [Fact]
    public void Orders_are_matched_by_client_and_order_id_because_tws_ids_repeat_across_clients()
    {
        var ours = Order(12, "AAPL");
        var otherBot = Order(12, "MSFT", orderRef: "bot-1", clientId: 3);
        var report = Compare(Input(ourOrders: [Working(ours)], brokerOrders: [ours, otherBot]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.ExternalOrder, item.Kind);
        Assert.Equal("MSFT", item.Symbol);
    }

    [Fact]
    public void A_broker_order_with_our_reference_that_we_do_not_track_is_recorded()
    {
        var lost = Order(9, "AAPL", orderRef: "COT-00000000000000cc-SL");
        var report = Compare(Input(brokerOrders: [lost]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.UntrackedOrder, item.Kind);
        Assert.Equal(ReconciliationAction.RecordOrder, item.Action);
        Assert.Same(lost, item.Order);
    }

    [Fact]
    public void A_broker_working_order_closed_in_our_book_is_recorded_as_working_again()
    {
        var order = Order(9, "AAPL", orderRef: "bot-2", clientId: 3);
        var report = Compare(Input(
            ourOrders: [Working(order with { Status = OrderStatus.Cancelled }, origin: OrderOrigin.External)],
            brokerOrders: [order]));

        var item = Assert.Single(report.Items);
        Assert.Equal(ReconciliationKind.UntrackedOrder, item.Kind);
        Assert.Contains("Cancelled in our book", item.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_come_in_the_order_the_engine_applies_them_and_the_summary_lists_the_worst_first()
    {
        var report = Compare(Input(
            ours: [Ours("MSFT", 10, 400m), Ours("AAPL", 5, 100m)],
            broker: [Broker("AAPL", 3, 100m), Broker("MSFT", 10, 400m), Broker("TSLA", 1, 250m)],
            ourOrders: [Working(Order(1, "NVDA"))],
            executions: [Execution("late", "MSFT", OrderSide.Buy, 1, 400m, minutesAgo: 1), Execution("early", "MSFT", OrderSide.Sell, 1, 400m, minutesAgo: 30)]));

        Assert.Equal(
            new[]
            {
                ReconciliationKind.MissingExecution,
                ReconciliationKind.MissingExecution,
                ReconciliationKind.SystemMore,
                ReconciliationKind.UnknownPosition,
                ReconciliationKind.OrderMissingAtBroker,
            },
            report.Items.Select(i => i.Kind));
        Assert.Equal(new[] { "early", "late" }, report.Items.Take(2).Select(i => i.ExecId));
        Assert.Equal(450m, report.BreakValue);
        Assert.Equal(
            "5 differences, break value $450.00: UNKNOWN POSITION TSLA: broker 1, ours 0, halt; AAPL system more: ours 5, broker 3; "
            + "missing execution early (-1 MSFT); missing execution late (+1 MSFT); order 1 NVDA missing at broker",
            report.Summary());
    }

    [Fact]
    public void The_summary_shortens_long_lists()
    {
        var ours = Enumerable.Range(0, 8).Select(i => Ours($"S{i}", 2, 10m)).ToArray();
        var broker = Enumerable.Range(0, 8).Select(i => Broker($"S{i}", 1, 10m)).ToArray();
        var summary = Compare(Input(ours: ours, broker: broker)).Summary();
        Assert.StartsWith("8 differences, break value $80.00: S0 system more", summary, StringComparison.Ordinal);
        Assert.EndsWith("; and 3 more", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_tolerances_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Compare(Input(), new ReconciliationOptions { QuantityTolerance = -1m }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Compare(Input(), new ReconciliationOptions { PriceTolerancePercent = -0.1m }));
    }
}
