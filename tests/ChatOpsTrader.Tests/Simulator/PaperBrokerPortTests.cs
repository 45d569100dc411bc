using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Simulator;

public class PaperBrokerPortTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task Start_announces_the_connection_then_the_farm_notices_like_tws()
    {
        using var exchange = Paper.Exchange(_clock);
        await using var port = new PaperBrokerPort(exchange, _clock);
        var sink = new RecordingSink();
        Assert.False(port.IsConnected);

        await port.StartAsync(sink, CancellationToken.None);

        Assert.True(port.IsConnected);
        Assert.Equal("paper", port.Name);
        sink.WaitFor<BrokerNotice>(n => n.Code == 2158);
        var first = Assert.IsType<ConnectionChanged>(sink.Events[0]);
        Assert.True(first.Connected);
        Assert.Contains("DU0000001", first.Detail, StringComparison.Ordinal);
        Assert.Equal([2104, 2106, 2158], sink.Events.OfType<BrokerNotice>().Select(n => n.Code));
    }

    [Fact]
    public async Task An_execution_is_followed_by_the_accounts_margin_values()
    {
        using var exchange = Paper.Exchange(_clock);
        await using var port = new PaperBrokerPort(exchange, _clock);
        var sink = new RecordingSink();
        await port.StartAsync(sink, CancellationToken.None);

        await port.PlaceOrderAsync(new BrokerOrderRequest("COT-00000000000000aa", "AAPL", OrderSide.Buy, 100, OrderType.Market, null, null), CancellationToken.None);

        var values = sink.WaitFor<AccountValuesReceived>();
        var account = exchange.GetSnapshot().Account;
        Assert.Equal(account.NetLiquidation, values.NetLiquidation);
        Assert.True(values.MaintenanceMargin > 0);
        Assert.Equal(Math.Round(account.GrossPositionValue / 4m, 2), values.MaintenanceMargin); // default leverage 4
        Assert.Equal(values.NetLiquidation - values.MaintenanceMargin, values.ExcessLiquidity);
        Assert.InRange(values.Cushion!.Value, 0.5m, 1m);
    }

    [Fact]
    public async Task A_bracket_is_placed_as_client_1_with_the_child_refs_and_its_events_are_translated()
    {
        using var exchange = Paper.Exchange(_clock);
        await using var port = new PaperBrokerPort(exchange, _clock);
        var sink = new RecordingSink();
        await port.StartAsync(sink, CancellationToken.None);
        exchange.TryGetQuote("AAPL", out var quote);
        var request = new BrokerOrderRequest("COT-0123456789abcdef", "AAPL", OrderSide.Buy, 3, OrderType.Market, null, null,
            new BracketRequest("COT-0123456789abcdef-TP", Math.Round(quote.Ask * 1.004m, 2), "COT-0123456789abcdef-SL", Math.Round(quote.Bid * 0.996m, 2)));

        var id = await port.PlaceOrderAsync(request, CancellationToken.None);

        var fill = sink.WaitFor<ExecutionReceived>().Fill;
        Assert.Equal((id, "COT-0123456789abcdef", "AAPL", OrderSide.Buy, 3m, quote.Ask, 1m), (fill.BrokerOrderId, fill.OrderRef, fill.Symbol, fill.Side, fill.Quantity, fill.Price, fill.Commission));
        sink.WaitFor<OrderUpdated>(u => u.Order.BrokerOrderId == id && u.Order.Status == OrderStatus.Filled);
        sink.WaitUntil(events => events.OfType<OrderUpdated>().Count(u => u.Order.OrderRef.EndsWith("-SL", StringComparison.Ordinal)) == 2); // held, then live
        var parentUpdates = sink.Events.OfType<OrderUpdated>().Where(u => u.Order.BrokerOrderId == id).Select(u => u.Order).ToList();
        Assert.Equal([OrderStatus.Submitted, OrderStatus.Filled], parentUpdates.Select(o => o.Status));
        Assert.All(parentUpdates, o => Assert.Equal(PaperBrokerPort.OurClientId, o.ClientId));
        var children = sink.Events.OfType<OrderUpdated>().Select(u => u.Order).Where(o => o.ParentId == id).ToList();
        var takeProfit = children.Last(o => o.OrderRef == "COT-0123456789abcdef-TP");
        var stopLoss = children.Last(o => o.OrderRef == "COT-0123456789abcdef-SL");
        Assert.Equal((OrderSide.Sell, OrderType.Limit, request.Bracket!.TakeProfitPrice), (takeProfit.Side, takeProfit.Type, takeProfit.LimitPrice!.Value));
        Assert.Equal((OrderSide.Sell, OrderType.Stop, request.Bracket.StopLossPrice), (stopLoss.Side, stopLoss.Type, stopLoss.StopPrice!.Value));

        // A fill of the stop-loss, then the OCA cancel of the take-profit, arrive as updates; the 202 that TWS adds is not repeated.
        exchange.GapPrice("AAPL", -1);
        sink.WaitFor<OrderUpdated>(u => u.Order.BrokerOrderId == takeProfit.BrokerOrderId && u.Order.Status == OrderStatus.Cancelled);
        Assert.Contains(sink.Events.OfType<ExecutionReceived>(), e => e.Fill.OrderRef == stopLoss.OrderRef && e.Fill.Side == OrderSide.Sell);
        Assert.DoesNotContain(sink.Events.OfType<BrokerNotice>(), n => n.Code == 202);
    }

    [Fact]
    public async Task Rejections_unknown_cancels_and_partial_fills_are_translated()
    {
        using var exchange = Paper.Exchange(_clock, Paper.Quiet() with { PartialFillProbability = 1 });
        await using var port = new PaperBrokerPort(exchange, _clock);
        var sink = new RecordingSink();
        await port.StartAsync(sink, CancellationToken.None);

        exchange.RejectNext(201, "insufficient margin");
        var rejected = await port.PlaceOrderAsync(new BrokerOrderRequest("COT-r", "MSFT", OrderSide.Buy, 1, OrderType.Market, null, null), CancellationToken.None);
        await port.CancelOrderAsync(4242, CancellationToken.None);
        var partial = await port.PlaceOrderAsync(new BrokerOrderRequest("COT-p", "MSFT", OrderSide.Buy, 5, OrderType.Market, null, null), CancellationToken.None);

        var rejection = sink.WaitFor<OrderRejected>();
        Assert.Equal((rejected, "COT-r", 201, "Order rejected - reason: insufficient margin"), (rejection.BrokerOrderId, rejection.OrderRef, rejection.Code, rejection.Reason));
        sink.WaitFor<OrderUpdated>(u => u.Order.BrokerOrderId == rejected && u.Order.Status == OrderStatus.Rejected);
        var notice = sink.WaitFor<BrokerNotice>(n => n.Code == 10147);
        Assert.Contains("4242", notice.Message, StringComparison.Ordinal);
        var partly = sink.WaitFor<OrderUpdated>(u => u.Order.BrokerOrderId == partial && u.Order.Status == OrderStatus.PartiallyFilled);
        Assert.InRange(partly.Order.Filled, 1, 4);
    }

    [Fact]
    public async Task Quotes_reach_the_sink_only_for_subscribed_symbols_starting_with_the_current_one()
    {
        using var exchange = Paper.Exchange(_clock);
        await using var port = new PaperBrokerPort(exchange, _clock);
        var sink = new RecordingSink();
        await port.StartAsync(sink, CancellationToken.None);

        await port.SubscribeQuotesAsync(["nvda", "NOPE"], CancellationToken.None);
        await port.SubscribeQuotesAsync(["NVDA"], CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));

        sink.WaitFor<QuoteReceived>(q => q.Quote.Time == _clock.GetUtcNow());
        var quotes = sink.Events.OfType<QuoteReceived>().ToList();
        Assert.All(quotes, q => Assert.Equal("NVDA", q.Quote.Symbol));
        Assert.Equal(1 + 4, quotes.Count);
        Assert.Contains(sink.Events.OfType<BrokerNotice>(), n => n.Code == 200 && n.Message.Contains("NOPE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sink_is_never_called_on_the_stack_of_PlaceOrderAsync()
    {
        using var exchange = Paper.Exchange(_clock);
        await using var port = new PaperBrokerPort(exchange, _clock);
        var sink = new RecordingSink();
        await port.StartAsync(sink, CancellationToken.None);
        await port.SubscribeQuotesAsync(["AAPL"], CancellationToken.None);

        for (var i = 0; i < 50; i++)
        {
            RecordingSink.InsideCall = true;
            try
            {
                await port.PlaceOrderAsync(new BrokerOrderRequest($"COT-{i}", "AAPL", OrderSide.Buy, 1, OrderType.Market, null, null), CancellationToken.None);
                exchange.GapPrice("AAPL", 0.01m);
            }
            finally
            {
                RecordingSink.InsideCall = false;
            }
        }

        sink.WaitFor<OrderUpdated>(u => u.Order.OrderRef == "COT-49" && u.Order.Status == OrderStatus.Filled);
        Assert.False(sink.CalledInsideCall);
    }

    [Fact]
    public async Task The_snapshot_holds_positions_every_clients_open_orders_and_only_todays_executions()
    {
        using var dir = new TempDirectory();
        var state = dir.File("paper.json");
        var yesterday = new ManualTimeProvider(_clock.GetUtcNow().AddDays(-1));
        using (var before = Paper.Exchange(yesterday, Paper.Quiet(state)))
            before.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 2, "COT-y"));

        using var exchange = Paper.Exchange(_clock, Paper.Quiet(state) with { MaxCatchUpSteps = 0 });
        await using var port = new PaperBrokerPort(exchange, _clock);
        await port.StartAsync(new RecordingSink(), CancellationToken.None);
        await port.PlaceOrderAsync(new BrokerOrderRequest("COT-t", "MSFT", OrderSide.Sell, 1, OrderType.Market, null, null), CancellationToken.None);
        var external = exchange.PlaceExternalOrder("TSLA", OrderSide.Buy, 1, OrderType.Limit, limitPrice: 1m);

        var snapshot = await port.GetAccountSnapshotAsync(CancellationToken.None);

        Assert.Equal(_clock.GetUtcNow(), snapshot.Time);
        Assert.Equal([("AAPL", 2m), ("MSFT", -1m)], snapshot.Positions.Select(p => (p.Symbol, p.Quantity)));
        var order = Assert.Single(snapshot.OpenOrders);
        Assert.Equal((external, PaperExchange.DefaultExternalClientId, OrderStatus.Submitted), (order.BrokerOrderId, order.ClientId, order.Status));
        Assert.Equal(["COT-t"], snapshot.Executions.Select(e => e.OrderRef));
        Assert.Equal(2, exchange.GetSnapshot().Executions.Count);
        Assert.NotNull(snapshot.NetLiquidation);
    }

    [Fact]
    public async Task Orders_are_refused_before_start_and_after_stop_while_the_exchange_keeps_working()
    {
        using var exchange = Paper.Exchange(_clock);
        var port = new PaperBrokerPort(exchange, _clock);
        var request = new BrokerOrderRequest("COT-x", "SPY", OrderSide.Buy, 1, OrderType.Limit, 1m, null);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await port.PlaceOrderAsync(request, CancellationToken.None));

        var sink = new RecordingSink();
        await port.StartAsync(sink, CancellationToken.None);
        exchange.TryGetQuote("SPY", out var quote);
        var id = await port.PlaceOrderAsync(request with { LimitPrice = Math.Round(quote.Bid * 0.99m, 2) }, CancellationToken.None);
        await port.StopAsync(CancellationToken.None);

        Assert.False(port.IsConnected);
        Assert.Contains(sink.Events.OfType<OrderUpdated>(), u => u.Order.BrokerOrderId == id); // queued events are delivered before stop returns
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await port.CancelAllAsync(CancellationToken.None));
        var count = sink.Events.Count;

        exchange.GapPrice("SPY", -2); // server-side order fills while we are away
        Assert.Equal(PaperOrderStatus.Filled, exchange.TryGetOrder(id, out var order) ? order!.Status : default);
        Assert.Equal(count, sink.Events.Count);
    }

    [Fact]
    public async Task CancelAll_is_a_global_cancel()
    {
        using var exchange = Paper.Exchange(_clock);
        await using var port = new PaperBrokerPort(exchange, _clock);
        var sink = new RecordingSink();
        await port.StartAsync(sink, CancellationToken.None);
        var theirs = exchange.PlaceExternalOrder("TSLA", OrderSide.Buy, 1, OrderType.Limit, limitPrice: 1m);
        await port.PlaceOrderAsync(new BrokerOrderRequest("COT-a", "SPY", OrderSide.Buy, 1, OrderType.Limit, 1m, null), CancellationToken.None);

        await port.CancelAllAsync(CancellationToken.None);

        Assert.Empty((await port.GetAccountSnapshotAsync(CancellationToken.None)).OpenOrders);
        sink.WaitFor<OrderUpdated>(u => u.Order.BrokerOrderId == theirs && u.Order.Status == OrderStatus.Cancelled);
    }
}
