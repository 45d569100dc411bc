using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Engine;

public class TradingEngineTests
{
    private static OrderIntent Buy(string key, decimal qty = 2, string symbol = "AAPL", string strategy = "s1") =>
        new(key, strategy, symbol, OrderSide.Buy, qty, OrderType.Market);

    [Fact]
    public async Task Intent_is_journaled_with_key_and_orderRef_before_it_is_sent()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        var journaledAtSend = false;
        h.Broker.OnPlace = request => journaledAtSend = h.Journal.All<IntentRecordedRecord>().Any(r => r.Intent.OrderRef == request.OrderRef && r.Intent.IdempotencyKey == "k1");

        var result = await h.Engine.SubmitAsync(Buy("k1"), CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        Assert.True(journaledAtSend);
        Assert.Equal(OrderRefs.ForKey("k1"), h.Broker.Placed.Single().OrderRef);
        Assert.NotNull(result.BrokerOrderId);
    }

    [Fact]
    public async Task Same_idempotency_key_twice_sends_one_order_and_returns_the_first_result()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        var first = await h.Engine.SubmitAsync(Buy("dup"), CancellationToken.None);
        var second = await h.Engine.SubmitAsync(Buy("dup", qty: 5), CancellationToken.None);

        Assert.Single(h.Broker.Placed);
        Assert.True(second.Replayed);
        Assert.Equal(first.BrokerOrderId, second.BrokerOrderId);
        Assert.Equal(first.OrderRef, second.OrderRef);
    }

    [Fact]
    public async Task Over_the_notional_limit_is_rejected_naming_the_rule_and_both_numbers_and_nothing_is_sent()
    {
        await using var h = await new EngineHarness(options: new ChatOpsTrader.Engine.EngineOptions { Limits = new RiskLimits { MaxOrderNotional = 1_000m } }).StartAsync();
        await h.QuotesAsync();
        var result = await h.Engine.SubmitAsync(Buy("big", qty: 6), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Equal(PreflightRule.MaxOrderNotional, result.Rule);
        Assert.Contains("max-order-notional", result.Message, StringComparison.Ordinal);
        Assert.Contains("1,000.00", result.Message, StringComparison.Ordinal);
        Assert.Contains("1,140.06", result.Message, StringComparison.Ordinal);
        Assert.Empty(h.Broker.Placed);
        Assert.Equal(IntentOutcome.Rejected, h.Journal.All<IntentRecordedRecord>().Single().Intent.Outcome);
    }

    [Fact]
    public async Task Halt_is_durable_before_the_cancel_all_leaves_and_blocks_new_orders()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("lmt", "s1", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 189m), CancellationToken.None);
        var haltedAtCancel = false;
        h.Broker.OnCancelAll = () => haltedAtCancel = h.Journal.LastStatus()?.State == TradingState.Halted;

        var outcome = await h.Engine.HaltAsync(EngineHarness.Operator, "testing", CancellationToken.None);

        Assert.True(outcome.Ok);
        Assert.True(haltedAtCancel);
        Assert.Equal(1, h.Broker.CancelAlls);
        Assert.Empty(h.Broker.OpenOrders);
        var audit = h.Journal.All<AuditRecordedRecord>().Select(a => a.Entry).Single(e => e.Command == "/halt");
        Assert.Equal("42", audit.UserId);
        var rejected = await h.Engine.SubmitAsync(Buy("after-halt"), CancellationToken.None);
        Assert.False(rejected.Accepted);
        Assert.Equal(PreflightRule.Halted, rejected.Rule);
    }

    [Fact]
    public async Task A_second_halt_keeps_the_first_halts_time_reason_and_who_and_cancels_again()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.Engine.HaltAsync(EngineHarness.Operator, "first", CancellationToken.None);
        var first = h.Engine.Snapshot.Status;
        h.Time.Advance(TimeSpan.FromMinutes(20));

        var again = await h.Engine.HaltAsync(EngineHarness.Admin, "second", CancellationToken.None);

        Assert.Contains("Already HALTED", again.Message, StringComparison.Ordinal);
        Assert.Equal(first, h.Engine.Snapshot.Status);
        Assert.Equal(2, h.Broker.CancelAlls);
        Assert.Single(h.Journal.All<StateChangedRecord>(), r => r.Next.State == TradingState.Halted);
    }

    [Fact]
    public async Task A_run_that_never_recorded_its_shutdown_is_reported_at_the_next_start_and_a_clean_one_is_not()
    {
        var journal = new InMemoryJournal();
        await using (await new EngineHarness(journal).StartAsync())
        {
            // Ends without MarkCleanShutdownAsync: like a SIGKILL.
        }
        await using (var second = await new EngineHarness(journal).StartAsync())
        {
            Assert.StartsWith("running:pid", second.Engine.PreviousRunUnclean, StringComparison.Ordinal);
            await second.Engine.MarkCleanShutdownAsync(CancellationToken.None);
        }
        await using var third = await new EngineHarness(journal).StartAsync();
        Assert.Null(third.Engine.PreviousRunUnclean);
    }

    [Fact]
    public async Task A_halt_survives_a_restart_with_its_reason_and_who_halted()
    {
        var journal = new InMemoryJournal();
        await using (var first = await new EngineHarness(journal).StartAsync())
            await first.Engine.HaltAsync(EngineHarness.Operator, "testing", CancellationToken.None);

        await using var second = await new EngineHarness(journal).StartAsync();
        var status = second.Engine.Snapshot.Status;
        Assert.Equal(TradingState.Halted, status.State);
        Assert.Equal("testing", status.Reason);
        Assert.Equal("telegram:42", status.Actor);
    }

    [Fact]
    public async Task Resume_the_same_day_is_refused_with_the_policy_named_and_an_override_stages_the_resume()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.Engine.HaltAsync(EngineHarness.Operator, "testing", CancellationToken.None);
        h.Time.Advance(TimeSpan.FromMinutes(45));

        var refused = await h.Engine.ResumeAsync(EngineHarness.Admin, "looks fine", false, CancellationToken.None);
        Assert.False(refused.Ok);
        Assert.Equal("resume.same-trading-day", refused.Rule);

        var resumed = await h.Engine.ResumeAsync(EngineHarness.Admin, "false alarm", true, CancellationToken.None);
        Assert.True(resumed.Ok);
        Assert.Equal(TradingState.Restricted, h.Engine.Snapshot.Status.State);

        h.Time.Advance(TimeSpan.FromMinutes(15));
        h.Engine.Tick();
        await h.IdleAsync();
        Assert.Equal(TradingState.Cautious, h.Engine.Snapshot.Status.State);
        h.Time.Advance(TimeSpan.FromMinutes(30));
        h.Engine.Tick();
        await h.IdleAsync();
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
    }

    [Fact]
    public async Task Fills_build_positions_and_closed_trades_with_fifo_pnl()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        var open = await h.Engine.SubmitAsync(new OrderIntent("o1", "s1", "AAPL", OrderSide.Buy, 2, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.QuotesAsync(aapl: 191m);
        await h.Engine.SubmitAsync(new OrderIntent("c1", "s1", "AAPL", OrderSide.Sell, 2, OrderType.Limit, LimitPrice: 189m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[1], 189m);
        await h.IdleAsync();

        Assert.True(open.Accepted);
        Assert.Equal(0, h.Engine.PositionQuantity("AAPL"));
        var trade = h.Journal.All<TradeClosedRecord>().Single().Trade;
        Assert.Equal(2, trade.Quantity);
        Assert.True(trade.RealizedPnl < 0);
        Assert.Equal(trade.RealizedPnl, h.Engine.Snapshot.RealizedToday);
    }

    [Fact]
    public async Task While_halted_a_new_external_order_is_cancelled_at_once_and_alerted()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.Engine.HaltAsync(EngineHarness.Operator, "x", CancellationToken.None);
        var external = new BrokerOrder(9001, "other-bot", "MSFT", OrderSide.Buy, 3, OrderType.Limit, 400m, null, null, OrderStatus.Submitted, 0, 0, 7);
        h.Broker.OpenOrders.Add(external);
        h.Broker.Push(new OrderUpdated(h.Time.GetUtcNow(), external));
        await h.IdleAsync();

        Assert.Contains(9001, h.Broker.Cancelled);
        Assert.Contains(h.Notifier.Alerts, a => a.Key == "watchdog:9001");
    }

    [Fact]
    public async Task An_unknown_position_at_the_broker_halts_and_is_adopted()
    {
        var h = new EngineHarness();
        h.Broker.Positions.Add(new BrokerPosition("TSLA", 7, 240m));
        await using var _ = await h.StartAsync();

        Assert.Equal(TradingState.Halted, h.Engine.Snapshot.Status.State);
        Assert.Equal(StateTrigger.UnknownPosition, h.Engine.Snapshot.Status.Trigger);
        Assert.Equal(7, h.Engine.PositionQuantity("TSLA"));
        Assert.Contains(h.Notifier.Alerts, a => a.Key == "unknown-position:TSLA" && a.Severity == ChatOpsTrader.Core.Alerts.Severity.Sev1);
    }

    [Fact]
    public async Task Flatten_cancels_everything_closes_every_position_and_ends_halted_and_flat()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("a", "s1", "AAPL", OrderSide.Buy, 3, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("b", "s1", "MSFT", OrderSide.Sell, 2, OrderType.Limit, LimitPrice: 410m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[1], 410m);
        await h.Engine.SubmitAsync(new OrderIntent("c", "s1", "MSFT", OrderSide.Sell, 1, OrderType.Limit, LimitPrice: 415m), CancellationToken.None);
        await h.IdleAsync();
        h.Broker.FillMarketOrders = true;

        var report = await h.Engine.FlattenAsync(EngineHarness.Admin, null, CancellationToken.None);

        Assert.True(report.Flat, report.Message);
        Assert.Empty(h.Broker.Positions);
        Assert.Empty(h.Broker.OpenOrders);
        Assert.Equal(TradingState.Halted, h.Engine.Snapshot.Status.State);
        Assert.Equal(StateTrigger.Flatten, h.Engine.Snapshot.Status.Trigger);
        Assert.Equal(0, h.Engine.PositionQuantity("AAPL"));
        Assert.Equal(0, h.Engine.PositionQuantity("MSFT"));
        Assert.NotNull(report.Reconciliation);
        Assert.True(report.Reconciliation!.IsClean, report.Reconciliation.Summary());
    }

    [Fact]
    public async Task A_failed_journal_write_carries_out_nothing_and_refuses_new_risk()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        h.Journal.FailCommits = true;

        await Assert.ThrowsAsync<JournalException>(async () => await h.Engine.SubmitAsync(Buy("k"), CancellationToken.None));
        Assert.Empty(h.Broker.Placed);
        Assert.Equal(TradingState.Reducing, h.Engine.Snapshot.Status.State);
        Assert.Contains(h.Notifier.Alerts, a => a.Key == "database");
    }

    [Fact]
    public async Task A_pending_intent_found_at_the_broker_after_a_crash_is_marked_sent_and_never_resent()
    {
        var journal = new InMemoryJournal();
        var time = new ManualTimeProvider();
        var pendingRef = OrderRefs.ForKey("crash-1");
        var intent = new OrderIntent("crash-1", "s1", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 190m);
        await journal.CommitAsync([new IntentRecordedRecord(new IntentRecord("crash-1", pendingRef, intent, time.GetUtcNow(), IntentOutcome.Pending, null, null, null))], CancellationToken.None);
        var broker = new ScriptedBroker(time);
        broker.OpenOrders.Add(new BrokerOrder(555, pendingRef, "AAPL", OrderSide.Buy, 1, OrderType.Limit, 190m, null, null, OrderStatus.Submitted, 0, 0, 1));

        await using var h = await new EngineHarness(journal, broker, time).StartAsync();
        var retry = await h.Engine.SubmitAsync(intent, CancellationToken.None);

        Assert.True(retry.Replayed);
        Assert.Equal(555, retry.BrokerOrderId);
        Assert.Empty(broker.Placed);
    }
}
