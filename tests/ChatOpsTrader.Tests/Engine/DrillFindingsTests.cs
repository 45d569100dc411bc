using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Engine;

/// <summary>Failures the drills found; each test failed before its fix.</summary>
public class DrillFindingsTests
{
    [Fact]
    public async Task A_broker_unreachable_at_start_is_not_fatal_entries_are_refused_and_the_reconnect_reconciles()
    {
        var time = new ManualTimeProvider();
        var broker = new ScriptedBroker(time) { IsConnected = false };
        await using var h = await new EngineHarness(broker: broker, time: time).StartAsync();

        Assert.True(h.Engine.Ready.IsCompletedSuccessfully);
        Assert.False(h.Engine.Snapshot.BrokerConnected);
        Assert.Contains(h.Notifier.Alerts, a => a.Key == AlertKeys.BrokerConnection && a.Severity == Severity.Sev2);
        Assert.Contains(h.Engine.Snapshot.Incidents, i => i.Type == IncidentType.ConnectionLoss);
        await h.QuotesAsync();
        var refused = await h.Engine.SubmitAsync(new OrderIntent("down-1", "s1", "AAPL", OrderSide.Buy, 1, OrderType.Market), CancellationToken.None);
        Assert.False(refused.Accepted);
        Assert.Empty(broker.Placed);

        broker.IsConnected = true;
        broker.Push(new ConnectionChanged(time.GetUtcNow(), true, "connected"));
        await h.IdleAsync();
        Assert.True(h.Engine.Snapshot.BrokerConnected);
        // The reconciliation after a reconnect runs beside the loop (fresh broker snapshot first).
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (h.Engine.Snapshot.LastReconciliation is null)
            await Task.Delay(10, limit.Token);
    }

    [Fact]
    public async Task A_broken_market_data_farm_is_a_data_feed_alert_not_an_informational_notice()
    {
        await using var h = await new EngineHarness().StartAsync();
        h.Broker.Push(new BrokerNotice(h.Time.GetUtcNow(), 2103, "Market data farm connection is broken:usfarm"));
        h.Broker.Push(new BrokerNotice(h.Time.GetUtcNow(), 2104, "Market data farm connection is OK:usfarm"));
        await h.IdleAsync();

        Assert.Contains(h.Notifier.Alerts, a => a.Key == AlertKeys.DataFeed + ":farm" && a.Severity == Severity.Sev2);
        Assert.Contains(h.Engine.Snapshot.Incidents, i => i.Type == IncidentType.DataFeedFailure);
        Assert.Contains(h.Notifier.Alerts, a => a.Key == "notice:2104" && a.Severity == Severity.Sev4);
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
    }

    [Fact]
    public async Task A_restored_broker_connection_is_told_at_once_not_folded_into_the_lost_alert()
    {
        await using var h = await new EngineHarness().StartAsync();
        h.Broker.Push(new ConnectionChanged(h.Time.GetUtcNow(), false, "TWS connection lost"));
        h.Broker.Push(new ConnectionChanged(h.Time.GetUtcNow(), true, "connected"));
        await h.IdleAsync();
        var lost = Assert.Single(h.Notifier.Alerts, a => a.Title == "Broker connection lost");
        var restored = Assert.Single(h.Notifier.Alerts, a => a.Title == "Broker connection restored");
        Assert.NotEqual(lost.Key, restored.Key); // different dedup keys: the policy does not hold the good news back
        Assert.Equal(lost.IncidentId, restored.IncidentId); // one incident for the outage
    }
}
