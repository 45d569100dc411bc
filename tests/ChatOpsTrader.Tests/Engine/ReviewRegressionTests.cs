using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Engine;

/// <summary>Failures found in review; each test failed before its fix.</summary>
public class ReviewRegressionTests
{
    [Fact]
    public async Task A_halt_whose_cancel_all_cannot_reach_the_broker_is_alerted_and_sent_again_on_reconnect()
    {
        await using var h = await new EngineHarness().StartAsync();
        h.Broker.FailCancelAll = true;
        await h.Engine.HaltAsync(EngineHarness.Operator, "broker flaky", CancellationToken.None);
        await h.IdleAsync();
        Assert.Contains(h.Notifier.Alerts, a => a.Key == "cancel-all-failed" && a.Severity == ChatOpsTrader.Core.Alerts.Severity.Sev1);
        Assert.Equal(0, h.Broker.CancelAlls);

        h.Broker.FailCancelAll = false;
        h.Broker.Push(new ConnectionChanged(h.Time.GetUtcNow(), false, "1100 connectivity lost", 1100));
        h.Broker.Push(new ConnectionChanged(h.Time.GetUtcNow(), true, "1102 restored", 1102));
        await h.IdleAsync();
        Assert.Equal(1, h.Broker.CancelAlls);
    }

    [Fact]
    public async Task A_halt_whose_commit_failed_is_persisted_when_it_is_sent_again()
    {
        await using var h = await new EngineHarness().StartAsync();
        h.Journal.FailCommits = true;
        await Assert.ThrowsAsync<JournalException>(() => h.Engine.HaltAsync(EngineHarness.Operator, "disk full", CancellationToken.None));
        Assert.Equal(TradingState.Halted, h.Engine.Snapshot.Status.State); // fail closed in memory

        h.Journal.FailCommits = false;
        await h.Engine.HaltAsync(EngineHarness.Operator, "again", CancellationToken.None);
        Assert.Equal(TradingState.Halted, h.Journal.LastStatus()!.State);
    }

    [Fact]
    public async Task An_intent_whose_commit_failed_is_decided_again_on_retry_and_not_reported_as_sent()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        var intent = new OrderIntent("retry-me", "s1", "AAPL", OrderSide.Buy, 1, OrderType.Market);
        h.Journal.FailCommits = true;
        await Assert.ThrowsAsync<JournalException>(async () => await h.Engine.SubmitAsync(intent, CancellationToken.None));
        Assert.Empty(h.Broker.Placed);

        h.Journal.FailCommits = false;
        // Decided again (not "replayed: sent"); after a journal failure the engine stays closing-only, so it is refused.
        var retried = await h.Engine.SubmitAsync(intent, CancellationToken.None);
        Assert.False(retried.Replayed);
        Assert.False(retried.Accepted);
        Assert.Equal(ChatOpsTrader.Core.Risk.PreflightRule.ClosingOnly, retried.Rule);
        Assert.Empty(h.Broker.Placed);
    }

    [Fact]
    public async Task Orders_decided_in_one_batch_count_against_the_working_order_limit_of_the_next()
    {
        var options = new EngineOptions { Symbols = ["AAPL", "MSFT"], Limits = ChatOpsTrader.Core.Risk.RiskLimits.Default with { MaxWorkingOrders = 1 } };
        await using var h = await new EngineHarness(options: options).StartAsync();
        await h.QuotesAsync();
        var first = h.Engine.SubmitAsync(new OrderIntent("w1", "s1", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 189m), CancellationToken.None).AsTask();
        var second = h.Engine.SubmitAsync(new OrderIntent("w2", "s1", "MSFT", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 409m), CancellationToken.None).AsTask();
        var results = await Task.WhenAll(first, second);
        Assert.True(results[0].Accepted, results[0].Message);
        Assert.Equal(ChatOpsTrader.Core.Risk.PreflightRule.MaxWorkingOrders, results[1].Rule);
        Assert.Single(h.Broker.Placed);
    }

    [Fact]
    public async Task A_same_key_retry_arriving_with_the_first_gets_the_real_broker_order_id()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        var intent = new OrderIntent("twice", "s1", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 189m);
        var results = await Task.WhenAll(h.Engine.SubmitAsync(intent, CancellationToken.None).AsTask(), h.Engine.SubmitAsync(intent, CancellationToken.None).AsTask());
        Assert.Single(h.Broker.Placed);
        Assert.NotNull(results[0].BrokerOrderId);
        Assert.Equal(results[0].BrokerOrderId, results[1].BrokerOrderId);
        Assert.True(results[1].Replayed);
    }

    [Fact]
    public async Task An_incident_action_in_a_failing_batch_fails_instead_of_hanging()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.Engine.HaltAsync(EngineHarness.Operator, "x", CancellationToken.None);
        var id = h.Engine.Snapshot.Incidents.Single().Id;
        h.Journal.FailCommits = true;
        var ack = h.Engine.IncidentActionAsync(EngineHarness.Operator, IncidentAction.Acknowledge, id, CancellationToken.None);
        await Assert.ThrowsAsync<JournalException>(() => ack.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
