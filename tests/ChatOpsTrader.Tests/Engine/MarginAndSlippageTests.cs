using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Engine;

/// <summary>Margin pressure and slippage, through the real engine loop.</summary>
public class MarginAndSlippageTests
{
    private static AccountValuesReceived Values(EngineHarness h, decimal cushionPercent) =>
        new(h.Time.GetUtcNow(), 100_000m, cushionPercent * 1_000m, 100_000m - (cushionPercent * 1_000m));

    private static async Task ReportAsync(EngineHarness h, decimal cushionPercent)
    {
        h.Broker.Push(Values(h, cushionPercent));
        await h.IdleAsync();
    }

    [Fact]
    public async Task A_low_cushion_alerts_once_a_critical_one_makes_the_account_closing_only_and_the_recovery_lifts_it()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        await ReportAsync(h, 25m);
        Assert.DoesNotContain(h.Notifier.Alerts, a => a.Key == AlertKeys.Margin);
        Assert.Equal(0.25m, h.Engine.AccountValues!.Cushion);

        await ReportAsync(h, 8m);
        await ReportAsync(h, 9m);
        await ReportAsync(h, 7.5m);
        var low = Assert.Single(h.Notifier.Alerts, a => a.Key == AlertKeys.Margin);
        Assert.Equal(Severity.Sev2, low.Severity);
        Assert.Contains("Margin cushion 8.0%", low.Text, StringComparison.Ordinal);
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
        var incident = Assert.Single(h.Engine.Snapshot.Incidents, i => i.Type == IncidentType.MarginPressure);
        Assert.Equal(Severity.Sev2, incident.Severity);

        await ReportAsync(h, 4m);
        await ReportAsync(h, 3m);
        Assert.Equal(TradingState.Reducing, h.Engine.Snapshot.Status.State);
        Assert.Equal(StateTrigger.Margin, h.Engine.Snapshot.Status.Trigger);
        var critical = Assert.Single(h.Notifier.Alerts, a => a.Key == AlertKeys.Margin && a.Severity == Severity.Sev1);
        Assert.Contains("closing-only", critical.Title, StringComparison.Ordinal);
        var entry = await h.Engine.SubmitAsync(new OrderIntent("m1", "bot", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        Assert.Equal(PreflightRule.ClosingOnly, entry.Rule);

        // One incident for the whole episode, raised to SEV1, guided by the margin runbook.
        incident = Assert.Single(h.Engine.Snapshot.Incidents, i => i.Type == IncidentType.MarginPressure);
        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Equal("imminent", h.Engine.NextStep(incident)!.Key);

        await ReportAsync(h, 6m); // above critical but within the hysteresis: still closing-only
        Assert.Equal(TradingState.Reducing, h.Engine.Snapshot.Status.State);
        await ReportAsync(h, 15m);
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
        Assert.Contains(h.Notifier.Alerts, a => a.Key == AlertKeys.Margin && a.Title == "Margin cushion recovered" && a.Severity == Severity.Sev4);
        Assert.Equal(3, h.Notifier.Alerts.Count(a => a.Key == AlertKeys.Margin));
    }

    [Fact]
    public async Task A_margin_restriction_never_lifts_a_halt_and_survives_a_restart_until_the_cushion_recovers()
    {
        var journal = new InMemoryJournal();
        var time = new ManualTimeProvider();
        await using (var first = await new EngineHarness(journal, time: time).StartAsync())
        {
            await ReportAsync(first, 2m);
            Assert.Equal(TradingState.Reducing, first.Engine.Snapshot.Status.State);
        }

        await using var second = await new EngineHarness(journal, time: time).StartAsync();
        Assert.Equal(StateTrigger.Margin, second.Engine.Snapshot.Status.Trigger);
        await ReportAsync(second, 3m);
        Assert.DoesNotContain(second.Notifier.Alerts, a => a.Key == AlertKeys.Margin); // already known: not alerted twice
        await second.Engine.HaltAsync(EngineHarness.Operator, "margin", CancellationToken.None);
        await ReportAsync(second, 30m);
        Assert.Equal(TradingState.Halted, second.Engine.Snapshot.Status.State);
    }

    [Fact]
    public async Task A_fill_far_from_the_quote_at_sending_raises_one_slippage_alert_per_symbol_with_the_aggregate()
    {
        var options = new EngineOptions { Symbols = ["AAPL", "MSFT"], MaxSlippageBps = 50m, Limits = RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero, DuplicateWindow = TimeSpan.Zero } };
        await using var h = await new EngineHarness(options: options).StartAsync();
        await h.QuotesAsync(aapl: 190m);
        await h.Engine.SubmitAsync(new OrderIntent("s1", "bot", "AAPL", OrderSide.Buy, 2, OrderType.Market), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190.5m); // 26 bps: within the limit
        await h.IdleAsync();
        Assert.DoesNotContain(h.Notifier.Alerts, a => a.Key.StartsWith("slippage", StringComparison.Ordinal));

        await h.Engine.SubmitAsync(new OrderIntent("s2", "bot", "AAPL", OrderSide.Buy, 2, OrderType.Market), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[1], 191.9m); // 100 bps
        await h.Engine.SubmitAsync(new OrderIntent("s3", "bot", "AAPL", OrderSide.Buy, 2, OrderType.Market), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[2], 192m);
        await h.IdleAsync();

        var alert = Assert.Single(h.Notifier.Alerts, a => a.Key == "slippage:AAPL");
        Assert.Equal(Severity.Sev3, alert.Severity);
        Assert.Contains("Buy 2 AAPL filled at 191.9 against an expected 190.00: 100 bps (limit 50 bps)", alert.Text, StringComparison.Ordinal);
        Assert.Contains("2 fill(s), 1 over the limit", alert.Text, StringComparison.Ordinal);
        var incident = Assert.Single(h.Engine.Snapshot.Incidents, i => i.Type == IncidentType.SlippageTooHigh);
        Assert.Equal(Severity.Sev3, incident.Severity);
    }

    [Fact]
    public async Task A_stop_loss_is_measured_against_its_stop_price_and_other_clients_fills_are_not_judged()
    {
        var options = new EngineOptions { Symbols = ["AAPL", "MSFT"], MaxSlippageBps = 50m };
        await using var h = await new EngineHarness(options: options).StartAsync();
        await h.QuotesAsync(aapl: 190m);
        await h.Engine.SubmitAsync(new OrderIntent("b1", "bot", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 190m, TakeProfit: 195m, StopLoss: 185m), CancellationToken.None);
        var parent = h.Broker.Placed[0];
        h.Broker.Fill(parent, 190m);
        var stop = new BrokerOrderRequest(OrderRefs.StopLoss(parent.OrderRef), "AAPL", OrderSide.Sell, 1, OrderType.Stop, null, 185m);
        h.Broker.Fill(stop, 182m); // gapped through the stop: 162 bps
        h.Broker.Fill(new BrokerOrderRequest("someone-else", "MSFT", OrderSide.Buy, 1, OrderType.Market, null, null), 500m);
        await h.IdleAsync();

        var alert = Assert.Single(h.Notifier.Alerts, a => a.Key.StartsWith("slippage:", StringComparison.Ordinal));
        Assert.Equal("slippage:AAPL", alert.Key);
        Assert.Contains("against an expected 185", alert.Text, StringComparison.Ordinal);
    }
}
