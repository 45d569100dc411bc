using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Engine;

/// <summary>The automatic trips and resets, through the real engine loop.</summary>
public class EngineTripTests
{
    private static EngineOptions With(RiskLimits limits) => new() { Symbols = ["AAPL", "MSFT"], Limits = limits };

    [Fact]
    public async Task Runaway_orders_halt_trading_until_a_person_resumes()
    {
        var limits = RiskLimits.Default with { RunawayMaxOrders = 3, MinOrderInterval = TimeSpan.Zero, DuplicateWindow = TimeSpan.Zero, MaxPositionPerSymbol = 1000 };
        await using var h = await new EngineHarness(options: With(limits)).StartAsync();
        await h.QuotesAsync();
        for (var i = 0; i < 4; i++)
            await h.Engine.SubmitAsync(new OrderIntent($"r{i}", "bot", "AAPL", OrderSide.Buy, 1 + i, OrderType.Limit, LimitPrice: 189m), CancellationToken.None);

        var status = h.Engine.Snapshot.Status;
        Assert.Equal(TradingState.Halted, status.State);
        Assert.Equal(StateTrigger.Runaway, status.Trigger);
        Assert.Contains("runaway", status.Reason, StringComparison.Ordinal);
        Assert.Contains(h.Notifier.Alerts, a => a.Key == "runaway" && a.Severity == ChatOpsTrader.Core.Alerts.Severity.Sev1);
        Assert.Equal(1, h.Broker.CancelAlls);

        // Time and a new day do not lift it; only a person does.
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.Engine.DailyResetAsync(Actor.System, CancellationToken.None);
        Assert.Equal(TradingState.Halted, h.Engine.Snapshot.Status.State);
        var resumed = await h.Engine.ResumeAsync(EngineHarness.Admin, "bug fixed", false, CancellationToken.None);
        Assert.True(resumed.Ok, resumed.Message);
        Assert.Equal(TradingState.Restricted, h.Engine.Snapshot.Status.State);
    }

    [Fact]
    public async Task A_daily_loss_breach_including_unrealized_turns_the_account_closing_only_until_the_next_day()
    {
        var limits = RiskLimits.Default with { DailyLossLimit = 100m, StrategyDailyLossLimit = 10_000m, MaxDrawdown = 10_000m };
        await using var h = await new EngineHarness(options: With(limits)).StartAsync();
        await h.QuotesAsync(aapl: 190m);
        await h.Engine.SubmitAsync(new OrderIntent("o", "bot", "AAPL", OrderSide.Buy, 10, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        await h.QuotesAsync(aapl: 184m); // -60 unrealized: warnings only
        Assert.Contains(h.Notifier.Alerts, a => a.Key.StartsWith("loss-warning", StringComparison.Ordinal));
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);

        await h.QuotesAsync(aapl: 179m); // -110 unrealized: breach
        Assert.Equal(TradingState.Reducing, h.Engine.Snapshot.Status.State);
        Assert.Equal(StateTrigger.LossLimit, h.Engine.Snapshot.Status.Trigger);
        var entry = await h.Engine.SubmitAsync(new OrderIntent("more", "bot", "AAPL", OrderSide.Buy, 1, OrderType.Market), CancellationToken.None);
        Assert.Equal(PreflightRule.ClosingOnly, entry.Rule);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.QuotesAsync(aapl: 179m);
        var close = await h.Engine.SubmitAsync(new OrderIntent("close", "bot", "AAPL", OrderSide.Sell, 10, OrderType.Market), CancellationToken.None);
        Assert.True(close.Accepted, close.Message);

        h.Time.Advance(TimeSpan.FromDays(1));
        await h.Engine.DailyResetAsync(Actor.System, CancellationToken.None);
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
    }

    [Fact]
    public async Task A_strategy_over_its_own_daily_loss_is_paused_and_the_others_keep_trading()
    {
        var limits = RiskLimits.Default with { StrategyDailyLossLimit = 20m, DailyLossLimit = 10_000m, MaxDrawdown = 10_000m };
        await using var h = await new EngineHarness(options: With(limits)).StartAsync();
        await h.QuotesAsync(aapl: 190m);
        await h.Engine.SubmitAsync(new OrderIntent("o", "loser", "AAPL", OrderSide.Buy, 5, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        await h.QuotesAsync(aapl: 185m);

        Assert.Contains("loser", h.Engine.Snapshot.PausedStrategies);
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
        var blocked = await h.Engine.SubmitAsync(new OrderIntent("l2", "loser", "MSFT", OrderSide.Buy, 1, OrderType.Market), CancellationToken.None);
        Assert.Equal(PreflightRule.StrategyPaused, blocked.Rule);
        var other = await h.Engine.SubmitAsync(new OrderIntent("w1", "winner", "MSFT", OrderSide.Buy, 1, OrderType.Market), CancellationToken.None);
        Assert.True(other.Accepted, other.Message);
    }

    [Fact]
    public async Task The_drawdown_breaker_halts_from_the_high_water_mark()
    {
        var limits = RiskLimits.Default with { MaxDrawdown = 50m, DailyLossLimit = 10_000m, StrategyDailyLossLimit = 10_000m };
        await using var h = await new EngineHarness(options: With(limits)).StartAsync();
        await h.QuotesAsync(aapl: 190m);
        await h.Engine.SubmitAsync(new OrderIntent("o", "bot", "AAPL", OrderSide.Buy, 10, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        await h.QuotesAsync(aapl: 200m); // +100: new high-water mark
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
        await h.QuotesAsync(aapl: 194m); // +40: 60 below the mark
        Assert.Equal(TradingState.Halted, h.Engine.Snapshot.Status.State);
        Assert.Equal(StateTrigger.Drawdown, h.Engine.Snapshot.Status.Trigger);
    }

    [Fact]
    public async Task A_stale_data_feed_for_a_traded_symbol_in_market_hours_turns_entries_off_until_quotes_return()
    {
        await using var h = await new EngineHarness().StartAsync(); // Wednesday 10:00 New York
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("p", "bot", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        h.Broker.Quote("MSFT", 409.99m, 410.01m);
        h.Time.Advance(TimeSpan.FromSeconds(61));
        h.Broker.Quote("MSFT", 409.99m, 410.01m); // MSFT fresh (not traded anyway); AAPL silent for 61 s
        h.Engine.Tick();
        await h.IdleAsync();

        Assert.Equal(TradingState.Reducing, h.Engine.Snapshot.Status.State);
        Assert.Equal(StateTrigger.DataFeed, h.Engine.Snapshot.Status.Trigger);
        Assert.Contains("AAPL last quote 61 s ago", h.Engine.Snapshot.Status.Reason, StringComparison.Ordinal);
        Assert.Contains(h.Notifier.Alerts, a => a.Key == "data-feed:AAPL" && a.Severity == ChatOpsTrader.Core.Alerts.Severity.Sev2);
        var entry = await h.Engine.SubmitAsync(new OrderIntent("e", "bot", "MSFT", OrderSide.Buy, 1, OrderType.Market), CancellationToken.None);
        Assert.Equal(PreflightRule.ClosingOnly, entry.Rule);

        await h.QuotesAsync();
        h.Engine.Tick();
        await h.IdleAsync();
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
    }

    [Fact]
    public async Task A_position_held_past_its_time_limit_is_alerted_once_as_a_stuck_position_incident()
    {
        var options = new EngineOptions { Symbols = ["AAPL", "MSFT"], MaxHoldTime = TimeSpan.FromHours(2), DataFeedStaleAfter = TimeSpan.FromDays(30) };
        await using var h = await new EngineHarness(options: options).StartAsync();
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("p", "bot", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        h.Time.Advance(TimeSpan.FromHours(1));
        h.Engine.Tick();
        await h.IdleAsync();
        Assert.DoesNotContain(h.Notifier.Alerts, a => a.Key == "hold-time:AAPL");

        h.Time.Advance(TimeSpan.FromHours(1.5));
        h.Engine.Tick();
        h.Engine.Tick();
        await h.IdleAsync();
        var alert = Assert.Single(h.Notifier.Alerts, a => a.Key == "hold-time:AAPL");
        Assert.Contains("protective stop MISSING", alert.Text, StringComparison.Ordinal);
        Assert.Contains(h.Engine.Snapshot.Incidents, i => i.Type == ChatOpsTrader.Core.Incidents.IncidentType.PositionStuck);
    }

    [Fact]
    public async Task A_reject_rate_above_ten_percent_raises_one_high_reject_rate_alert()
    {
        var limits = RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero, DuplicateWindow = TimeSpan.Zero, MaxPositionPerSymbol = 10_000, RunawayMaxOrders = 1000, RunawayMaxMessages = 1000, RunawayIdenticalOrders = 1000, MaxWorkingOrders = 1000, MaxOrdersPerDay = 10_000 };
        await using var h = await new EngineHarness(options: With(limits)).StartAsync();
        for (var i = 0; i < 30; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(5));
            await h.QuotesAsync();
            var symbol = i % 5 == 0 ? "ZZZZ" : "AAPL"; // no quote for ZZZZ: refused (missing quote)
            await h.Engine.SubmitAsync(new OrderIntent($"k{i}", "bot", symbol, OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 189m), CancellationToken.None);
        }
        var alert = Assert.Single(h.Notifier.Alerts, a => a.Key == "reject-rate");
        Assert.Equal(ChatOpsTrader.Core.Alerts.Severity.Sev2, alert.Severity);
        Assert.Contains("threshold is 10%", alert.Text, StringComparison.Ordinal);
        Assert.Contains(h.Engine.Snapshot.Incidents, i => i.Type == ChatOpsTrader.Core.Incidents.IncidentType.HighRejectRate);
    }

    [Fact]
    public async Task A_strategy_silent_for_too_long_in_market_hours_is_alerted_once()
    {
        var options = new EngineOptions { Symbols = ["AAPL", "MSFT"], NoSignalAfter = TimeSpan.FromMinutes(30), DataFeedStaleAfter = TimeSpan.FromDays(30) };
        await using var h = await new EngineHarness(options: options).StartAsync();
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("s", "quiet", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 189m), CancellationToken.None);
        h.Time.Advance(TimeSpan.FromMinutes(20));
        h.Engine.Tick();
        await h.IdleAsync();
        Assert.DoesNotContain(h.Notifier.Alerts, a => a.Key == "no-signals:quiet");

        h.Time.Advance(TimeSpan.FromMinutes(15));
        h.Engine.Tick();
        h.Engine.Tick();
        await h.IdleAsync();
        Assert.Single(h.Notifier.Alerts, a => a.Key == "no-signals:quiet");
        Assert.Contains(h.Engine.Snapshot.Incidents, i => i.Type == ChatOpsTrader.Core.Incidents.IncidentType.NoSignals);
    }

    [Fact]
    public async Task No_data_feed_alarm_when_the_market_is_closed()
    {
        var saturday = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero));
        await using var h = await new EngineHarness(time: saturday).StartAsync();
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("p", "bot", "AAPL", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 189m), CancellationToken.None);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        h.Engine.Tick();
        await h.IdleAsync();
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
    }

    [Fact]
    public async Task A_daily_reset_missed_while_down_is_applied_before_trading_and_the_halt_stays()
    {
        var journal = new InMemoryJournal();
        var time = new ManualTimeProvider();
        var limits = RiskLimits.Default with { MaxOrdersPerDay = 1 };
        await using (var first = await new EngineHarness(journal, time: time, options: With(limits)).StartAsync())
        {
            await first.QuotesAsync();
            Assert.True((await first.Engine.SubmitAsync(new OrderIntent("d1", "bot", "AAPL", OrderSide.Buy, 1, OrderType.Market), CancellationToken.None)).Accepted);
            first.Time.Advance(TimeSpan.FromSeconds(2));
            await first.QuotesAsync();
            Assert.Equal(PreflightRule.DailyOrderCount, (await first.Engine.SubmitAsync(new OrderIntent("d2", "bot", "MSFT", OrderSide.Buy, 1, OrderType.Market), CancellationToken.None)).Rule);
        }

        time.Advance(TimeSpan.FromDays(1));
        await using var second = await new EngineHarness(journal, time: time, options: With(limits)).StartAsync();
        Assert.Equal(0, second.Engine.Snapshot.OrdersToday);
        await second.QuotesAsync();
        Assert.True((await second.Engine.SubmitAsync(new OrderIntent("d3", "bot", "MSFT", OrderSide.Buy, 1, OrderType.Market), CancellationToken.None)).Accepted);
    }
}
