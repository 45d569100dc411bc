using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Host.Jobs;
using ChatOpsTrader.Storage;
using ChatOpsTrader.Tests.Storage;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;

namespace ChatOpsTrader.Tests.Host;

/// <summary>
/// Acceptance (issue 4): a full trading day on a fake clock — the engine on a real SQLite journal file, settings from
/// configuration, and the real jobs (summary, backup, daily reset) run at the instants their Quartz cron expressions
/// give in the exchange time zone. The day is Friday 2026-10-30 (EDT); the first reset after it falls on Saturday, the
/// next on Sunday 2026-11-01, the day New York goes back to EST.
/// </summary>
public sealed class TradingDayAcceptanceTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 10, 30, 13, 30, 0, TimeSpan.Zero)); // 09:30 EDT
    private readonly CollectingNotifier _notifier = new();
    private SqliteJournal? _journal;
    private Task? _run;

    private sealed class Channel : IAlertChannel
    {
        public List<Alert> Got { get; } = [];

        public string Name => "telegram";

        public bool IsEnabled => true;

        public Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            Got.Add(alert);
            return Task.FromResult(AlertDelivery.Ok());
        }
    }

    /// <summary>The next instant a cron schedule fires after <paramref name="after"/>, evaluated as Quartz does in the exchange zone.</summary>
    private static DateTimeOffset NextFire(string cron, TimeZoneInfo zone, DateTimeOffset after) =>
        TriggerBuilder.Create().WithCronSchedule(cron, c => c.InTimeZone(zone)).StartAt(after).Build().GetFireTimeAfter(after)
        ?? throw new InvalidOperationException("no next fire time");

    [Fact]
    public async Task Warnings_breach_summary_backup_and_the_daily_reset_at_local_time_across_the_DST_change()
    {
        var path = _dir.DatabasePath();
        var settings = ChatOpsSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = path,
            ["Broker:Symbols:0"] = "AAPL",
            ["Broker:Symbols:1"] = "MSFT",
            ["Risk:DailyLossLimit"] = "1000",
            ["Risk:StrategyDailyLossLimit"] = "5000",
            ["Risk:MaxDrawdown"] = "5000",
            ["Risk:LossBreachAction"] = "Reduce",
            ["Backup:Keep"] = "3",
        }).Build());
        var calendar = settings.Engine.Calendar;
        Assert.Equal("America/New_York", calendar.TimeZone.Id);
        _journal = SqliteJournal.Open(path, _time);
        var broker = new ScriptedBroker(_time);
        var engine = new TradingEngine(_journal, broker, _notifier, _time, settings.Engine, NullLogger<TradingEngine>.Instance);
        _run = engine.RunAsync(_stop.Token);
        await engine.Ready.WaitAsync(_stop.Token);
        var router = new CommandRouter(engine, _journal, _notifier, new ConfiguredUserDirectory([]), new ConfirmationStore(_time), _time, NullLogger<CommandRouter>.Instance);
        var channel = new Channel();
        var summaryJob = new DailySummaryJob(engine, router, new LogNotifier(NullLogger<LogNotifier>.Instance), [channel], _time, NullLogger<DailySummaryJob>.Instance);
        var backupJob = new BackupJob(engine, settings, _time, NullLogger<BackupJob>.Instance);
        var resetJob = new DailyResetJob(engine);

        async Task Quotes(decimal aapl, decimal msft = 410m)
        {
            broker.Quote("AAPL", aapl - 0.01m, aapl + 0.01m);
            broker.Quote("MSFT", msft - 0.01m, msft + 0.01m);
            await engine.WhenIdleAsync(_stop.Token);
        }

        async Task<OrderGateResult> Trade(string key, string symbol, OrderSide side, decimal quantity, decimal price, bool fill = true)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            var result = await engine.SubmitAsync(new OrderIntent(key, "swing", symbol, side, quantity, OrderType.Limit, LimitPrice: price), _stop.Token);
            if (result.Accepted && fill)
                broker.Fill(broker.Placed[^1], price);
            await engine.WhenIdleAsync(_stop.Token);
            return result;
        }

        IReadOnlyList<Alert> Warnings() => [.. _notifier.Alerts.Where(a => a.Key.StartsWith(AlertKeys.LossWarningPrefix + "Daily", StringComparison.Ordinal))];

        // 10:00 EDT: a small winner in MSFT, then 10 AAPL held into a falling market.
        _time.Advance(TimeSpan.FromMinutes(30));
        await Quotes(190m);
        Assert.True((await Trade("msft-in", "MSFT", OrderSide.Buy, 2, 410m)).Accepted);
        await Quotes(190m, msft: 420m);
        Assert.True((await Trade("msft-out", "MSFT", OrderSide.Sell, 2, 420m)).Accepted);
        Assert.True((await Trade("aapl-in", "AAPL", OrderSide.Buy, 10, 190m)).Accepted);
        Assert.Empty(Warnings());

        // Losses including unrealized: 50% and 80% warnings, once each.
        _time.Advance(TimeSpan.FromHours(1));
        await Quotes(138m); // ≈ -520 + 18
        Assert.Single(Warnings());
        await Quotes(137m);
        Assert.Single(Warnings());
        _time.Advance(TimeSpan.FromHours(1));
        await Quotes(108m); // ≈ -820 + 18
        Assert.Equal(2, Warnings().Count);
        Assert.All(Warnings(), w => Assert.Equal(Severity.Sev3, w.Severity));
        Assert.Equal(TradingState.Active, engine.Snapshot.Status.State);

        // The breach: the configured action (closing-only), a SEV1 and the loss-limit incident with its runbook.
        _time.Advance(TimeSpan.FromHours(1));
        await Quotes(88m);
        Assert.Equal(TradingState.Reducing, engine.Snapshot.Status.State);
        Assert.Equal(StateTrigger.LossLimit, engine.Snapshot.Status.Trigger);
        Assert.Equal(Severity.Sev1, Assert.Single(_notifier.Alerts, a => a.Key == AlertKeys.LossBreachPrefix + "Daily").Severity);
        var incident = Assert.Single(engine.Snapshot.Incidents, i => i.Type == IncidentType.GlobalLossLimit);
        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Equal(["protected", "frequent"], engine.Runbooks[incident.Type].Steps.Select(s => s.Key));
        Assert.Equal("protected", engine.NextStep(incident)!.Key);
        Assert.Equal(PreflightRule.ClosingOnly, (await Trade("more", "MSFT", OrderSide.Buy, 1, 410m, fill: false)).Rule);
        Assert.True((await Trade("aapl-out", "AAPL", OrderSide.Sell, 10, 88m)).Accepted); // closing is allowed
        Assert.Equal(0m, engine.Snapshot.Positions.Sum(p => Math.Abs(p.Quantity)));

        // After the close: the summary job at its cron time (16:15 EDT = 20:15 UTC), with the day's content.
        var summaryAt = NextFire(Schedules.At(settings.SummaryTime, "MON-FRI"), calendar.TimeZone, _time.GetUtcNow());
        Assert.Equal(new DateTimeOffset(2026, 10, 30, 20, 15, 0, TimeSpan.Zero), summaryAt);
        _time.Advance(summaryAt - _time.GetUtcNow());
        await summaryJob.Execute(null!, _stop.Token);
        var summary = Assert.Single(channel.Got);
        Assert.Contains("Daily summary 2026-10-30", summary.Title + summary.Text, StringComparison.Ordinal);
        Assert.Contains("of the $1,000.00 daily limit", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Trades closed: 2 (1 winners, 1 losers)", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Worst losers", summary.Text, StringComparison.Ordinal);
        Assert.Contains("AAPL", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Best winners", summary.Text, StringComparison.Ordinal);
        Assert.Contains("MSFT", summary.Text, StringComparison.Ordinal);
        Assert.Contains("State: Reducing", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Alive since", summary.Text, StringComparison.Ordinal);

        // The nightly backup (02:00 EDT Saturday): a verified copy holding the day's trades.
        var backupAt = NextFire(Schedules.At(settings.BackupTime), calendar.TimeZone, _time.GetUtcNow());
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 6, 0, 0, TimeSpan.Zero), backupAt);
        _time.Advance(backupAt - _time.GetUtcNow());
        var backup = backupJob.Run();
        Assert.NotNull(backup);
        Assert.True(File.Exists(backup.Path));
        Assert.True(SqliteIntegrity.IsOk(SqliteIntegrity.Check(backup.Path)));
        Assert.Equal(2L, RawDb.Rows(backup.Path, "SELECT COUNT(*) FROM closed_trades")[0][0]);
        Assert.DoesNotContain(_notifier.Alerts, a => a.Key == AlertKeys.Backup);

        // Daily resets at 04:00 New York: 08:00 UTC on Saturday (EDT), 09:00 UTC on Sunday, the day of the change (EST).
        var cron = Schedules.At(calendar.DayStart);
        var saturdayReset = NextFire(cron, calendar.TimeZone, _time.GetUtcNow());
        var sundayReset = NextFire(cron, calendar.TimeZone, saturdayReset);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 8, 0, 0, TimeSpan.Zero), saturdayReset);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), sundayReset);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), NextFire(cron, calendar.TimeZone, sundayReset));

        _time.Advance(saturdayReset - _time.GetUtcNow() - TimeSpan.FromMinutes(1));
        engine.Tick();
        await engine.WhenIdleAsync(_stop.Token);
        Assert.Equal(TradingState.Reducing, engine.Snapshot.Status.State); // 03:59: still the breached day
        Assert.Equal(new DateOnly(2026, 10, 30), engine.Snapshot.TradingDay);
        _time.Advance(TimeSpan.FromMinutes(1));
        await resetJob.Execute(null!, _stop.Token);
        Assert.Equal(TradingState.Active, engine.Snapshot.Status.State);
        Assert.Equal(new DateOnly(2026, 10, 31), engine.Snapshot.TradingDay);
        Assert.Equal(0, engine.Snapshot.OrdersToday);

        // An order on Saturday counts for Saturday's day until Sunday 04:00 EST — not 24 hours later at 03:00 EST.
        _time.Advance(TimeSpan.FromHours(2));
        await Quotes(90m);
        Assert.True((await Trade("sat", "MSFT", OrderSide.Buy, 1, 410m)).Accepted);
        Assert.Equal(1, engine.Snapshot.OrdersToday);
        _time.Advance(new DateTimeOffset(2026, 11, 1, 8, 30, 0, TimeSpan.Zero) - _time.GetUtcNow()); // 03:30 EST
        engine.Tick();
        await engine.WhenIdleAsync(_stop.Token);
        Assert.Equal(new DateOnly(2026, 10, 31), engine.Snapshot.TradingDay);
        Assert.Equal(1, engine.Snapshot.OrdersToday);
        _time.Advance(sundayReset - _time.GetUtcNow());
        await resetJob.Execute(null!, _stop.Token);
        Assert.Equal(new DateOnly(2026, 11, 1), engine.Snapshot.TradingDay);
        Assert.Equal(0, engine.Snapshot.OrdersToday);

        // Everything the day did is in the journal file.
        Assert.Equal(2L, RawDb.Rows(path, "SELECT COUNT(*) FROM closed_trades")[0][0]);
        Assert.True((long)RawDb.Rows(path, "SELECT COUNT(*) FROM alerts WHERE key LIKE 'loss-%'")[0][0]! >= 3);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
            }
        }
        _journal?.Dispose();
        _stop.Dispose();
        _dir.Dispose();
    }
}
