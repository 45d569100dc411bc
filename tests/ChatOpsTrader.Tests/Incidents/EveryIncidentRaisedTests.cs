using System.Collections.Concurrent;
using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Host.Jobs;
using ChatOpsTrader.Tests.Host;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Incidents;

/// <summary>
/// Issue 4: every incident type is raised by the code that sees it (engine, jobs, hub, router) — not a hand-made
/// alert — and opens its incident with the expected severity and its runbook's first action and steps.
/// </summary>
public class EveryIncidentRaisedTests
{
    private static EngineOptions Options(RiskLimits? limits = null) => new()
    {
        Symbols = ["AAPL", "MSFT"],
        Limits = limits ?? RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero, DuplicateWindow = TimeSpan.Zero },
        MaxHoldTime = TimeSpan.FromHours(2),
        NoSignalAfter = TimeSpan.FromMinutes(30),
        MaxSlippageBps = 50m,
        DataFeedStaleAfter = TimeSpan.FromSeconds(60),
    };

    private static readonly Dictionary<IncidentType, Severity> Expected = new()
    {
        [IncidentType.ConnectionLoss] = Severity.Sev2,
        [IncidentType.KillSwitch] = Severity.Sev1,
        [IncidentType.UnknownPosition] = Severity.Sev1,
        [IncidentType.OrderRejectedPreflight] = Severity.Sev3,
        [IncidentType.OrderRejectedBroker] = Severity.Sev3,
        [IncidentType.PositionMismatch] = Severity.Sev2,
        [IncidentType.RunawayOrders] = Severity.Sev1,
        [IncidentType.DataFeedFailure] = Severity.Sev2,
        [IncidentType.BotCrash] = Severity.Sev1,
        [IncidentType.MarginPressure] = Severity.Sev2,
        [IncidentType.StrategyLossLimit] = Severity.Sev2,
        [IncidentType.GlobalLossLimit] = Severity.Sev1,
        [IncidentType.DrawdownBreaker] = Severity.Sev1,
        [IncidentType.NoSignals] = Severity.Sev3,
        [IncidentType.SlippageTooHigh] = Severity.Sev3,
        [IncidentType.PositionStuck] = Severity.Sev3,
        [IncidentType.NotificationFailure] = Severity.Sev2,
        [IncidentType.DatabaseCorruption] = Severity.Sev1,
        [IncidentType.BackupFailure] = Severity.Sev3,
        [IncidentType.HighRejectRate] = Severity.Sev2,
        [IncidentType.ReconciliationBreak] = Severity.Sev1,
        [IncidentType.OrderWhileHalted] = Severity.Sev1,
        [IncidentType.UnauthorizedAccess] = Severity.Sev2,
    };

    [Theory]
    [MemberData(nameof(IncidentTestData.Types), MemberType = typeof(IncidentTestData))]
    public async Task Each_incident_type_is_raised_by_its_producer_with_its_severity_and_runbook(IncidentType type)
    {
        var journal = new InMemoryJournal();
        var time = new ManualTimeProvider();
        if (type == IncidentType.BotCrash)
        {
            // A run that ends without recording its shutdown: a crash as far as the journal knows.
            await using (await new EngineHarness(journal, time: time, options: Options(type)).StartAsync())
            {
            }
        }
        await using var h = await new EngineHarness(journal, time: time, options: Options(type)).StartAsync();
        await RaiseAsync(type, h);
        await h.IdleAsync();

        var incident = Assert.Single(h.Engine.Snapshot.Incidents, i => i.Type == type);
        Assert.Equal(Expected[type], incident.Severity);
        var runbook = h.Engine.Runbooks[type];
        Assert.Contains("First action: " + runbook.FirstAction, incident.Timeline[0].Text, StringComparison.Ordinal);
        Assert.Equal(runbook.Steps[0], h.Engine.NextStep(incident));
        Assert.True(runbook.Steps.Count >= 2);
    }

    private static EngineOptions Options(IncidentType type) => type switch
    {
        IncidentType.RunawayOrders => Options(RiskLimits.Default with { RunawayMaxOrders = 3, MinOrderInterval = TimeSpan.Zero, DuplicateWindow = TimeSpan.Zero, MaxPositionPerSymbol = 1000 }),
        IncidentType.StrategyLossLimit => Options(RiskLimits.Default with { StrategyDailyLossLimit = 20m, DailyLossLimit = 10_000m, MaxDrawdown = 10_000m }),
        IncidentType.GlobalLossLimit => Options(RiskLimits.Default with { DailyLossLimit = 100m, StrategyDailyLossLimit = 10_000m, MaxDrawdown = 10_000m }),
        IncidentType.DrawdownBreaker => Options(RiskLimits.Default with { MaxDrawdown = 50m, DailyLossLimit = 10_000m, StrategyDailyLossLimit = 10_000m }),
        IncidentType.HighRejectRate => Options(RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero, DuplicateWindow = TimeSpan.Zero, MaxPositionPerSymbol = 10_000, RunawayMaxOrders = 1000, RunawayMaxMessages = 1000, RunawayIdenticalOrders = 1000, MaxWorkingOrders = 1000, MaxOrdersPerDay = 10_000 }),
        _ => Options(),
    };

    private static Task<OrderGateResult> Buy(EngineHarness h, string key, decimal quantity, string symbol = "AAPL", string strategy = "bot") =>
        h.Engine.SubmitAsync(new OrderIntent(key, strategy, symbol, OrderSide.Buy, quantity, OrderType.Limit, LimitPrice: symbol == "AAPL" ? 190m : 410m), CancellationToken.None).AsTask();

    private static async Task HoldAaplAsync(EngineHarness h, decimal quantity = 10, string strategy = "bot")
    {
        await h.QuotesAsync(aapl: 190m);
        await Buy(h, "hold", quantity, strategy: strategy);
        h.Broker.Fill(h.Broker.Placed[^1], 190m);
        await h.IdleAsync();
    }

    private static async Task TickAfterAsync(EngineHarness h, TimeSpan wait)
    {
        h.Time.Advance(wait);
        h.Engine.Tick();
        await h.IdleAsync();
    }

    private static async Task RaiseAsync(IncidentType type, EngineHarness h)
    {
        var ct = CancellationToken.None;
        switch (type)
        {
            case IncidentType.ConnectionLoss:
                h.Broker.Push(new ConnectionChanged(h.Time.GetUtcNow(), false, "code 1100: connectivity between IB and TWS lost", 1100));
                break;
            case IncidentType.KillSwitch:
                await h.Engine.HaltAsync(EngineHarness.Operator, "lunch", ct);
                break;
            case IncidentType.UnknownPosition:
                h.Broker.Positions.Add(new BrokerPosition("TSLA", 5, 200m));
                await h.Engine.ReconcileAsync(Actor.System, apply: true, ct);
                break;
            case IncidentType.OrderRejectedPreflight:
                await h.QuotesAsync();
                Assert.False((await Buy(h, "big", 11)).Accepted);
                break;
            case IncidentType.OrderRejectedBroker:
                await h.QuotesAsync();
                var sent = await Buy(h, "margin", 1);
                h.Broker.Push(new OrderRejected(h.Time.GetUtcNow(), sent.BrokerOrderId!.Value, sent.OrderRef, 201, "Order rejected - reason: insufficient margin"));
                break;
            case IncidentType.PositionMismatch:
                await HoldAaplAsync(h, quantity: 1);
                h.Broker.Positions.Clear();
                h.Broker.Positions.Add(new BrokerPosition("AAPL", 2, 190m));
                await h.Engine.ReconcileAsync(Actor.System, apply: true, ct);
                break;
            case IncidentType.ReconciliationBreak:
                await HoldAaplAsync(h, quantity: 1);
                h.Broker.Positions.Clear();
                h.Broker.Positions.Add(new BrokerPosition("AAPL", 21, 190m)); // 20 × 190 = $3,800 unrecorded
                await h.Engine.ReconcileAsync(Actor.System, apply: true, ct);
                break;
            case IncidentType.RunawayOrders:
                await h.QuotesAsync();
                for (var i = 0; i < 4; i++)
                    await Buy(h, $"r{i}", 1 + i);
                break;
            case IncidentType.DataFeedFailure:
                await HoldAaplAsync(h, quantity: 1);
                await TickAfterAsync(h, TimeSpan.FromSeconds(61));
                break;
            case IncidentType.BotCrash:
                await RaiseCrashAsync(h);
                break;
            case IncidentType.MarginPressure:
                h.Broker.Push(new AccountValuesReceived(h.Time.GetUtcNow(), 100_000m, 8_000m, 92_000m));
                break;
            case IncidentType.StrategyLossLimit:
                await HoldAaplAsync(h, quantity: 5, strategy: "loser");
                await h.QuotesAsync(aapl: 185m);
                break;
            case IncidentType.GlobalLossLimit:
                await HoldAaplAsync(h);
                await h.QuotesAsync(aapl: 179m);
                break;
            case IncidentType.DrawdownBreaker:
                await HoldAaplAsync(h);
                await h.QuotesAsync(aapl: 200m);
                await h.QuotesAsync(aapl: 194m);
                break;
            case IncidentType.NoSignals:
                await h.QuotesAsync();
                await Buy(h, "once", 1, symbol: "MSFT", strategy: "quiet");
                for (var i = 0; i < 4; i++)
                {
                    h.Time.Advance(TimeSpan.FromMinutes(10));
                    await h.QuotesAsync(); // fresh data: only the strategy is silent
                    await TickAfterAsync(h, TimeSpan.Zero);
                }
                break;
            case IncidentType.SlippageTooHigh:
                await h.QuotesAsync();
                await h.Engine.SubmitAsync(new OrderIntent("slip", "bot", "AAPL", OrderSide.Buy, 1, OrderType.Market), ct);
                h.Broker.Fill(h.Broker.Placed[^1], 192m);
                break;
            case IncidentType.PositionStuck:
                await HoldAaplAsync(h, quantity: 1);
                for (var i = 0; i < 3; i++)
                {
                    await h.QuotesAsync();
                    await TickAfterAsync(h, TimeSpan.FromMinutes(50));
                }
                break;
            case IncidentType.NotificationFailure:
                await RaiseChannelDownAsync(h);
                break;
            case IncidentType.DatabaseCorruption:
                await h.QuotesAsync();
                h.Journal.FailCommits = true;
                await Assert.ThrowsAnyAsync<Exception>(() => Buy(h, "lost", 1));
                h.Journal.FailCommits = false;
                break;
            case IncidentType.BackupFailure:
                RaiseBackupFailure(h);
                break;
            case IncidentType.HighRejectRate:
                for (var i = 0; i < 30; i++)
                {
                    h.Time.Advance(TimeSpan.FromSeconds(5));
                    await h.QuotesAsync();
                    await Buy(h, $"k{i}", 1, symbol: i % 5 == 0 ? "ZZZZ" : "AAPL");
                }
                break;
            case IncidentType.OrderWhileHalted:
                await h.Engine.HaltAsync(EngineHarness.Operator, "stop", ct);
                h.Broker.Push(new OrderUpdated(h.Time.GetUtcNow(), new BrokerOrder(777, "other-bot", "AAPL", OrderSide.Buy, 5, OrderType.Market, null, null, null, OrderStatus.Submitted, 0, 0, 9)));
                break;
            case IncidentType.UnauthorizedAccess:
                var router = new CommandRouter(h.Engine, h.Journal, h.Notifier, new ConfiguredUserDirectory([]), new ConfirmationStore(h.Time), h.Time, NullLogger<CommandRouter>.Instance);
                for (var i = 0; i < CommandRouter.UnknownAttemptsAlertThreshold; i++)
                    Assert.Null(await router.ExecuteAsync(new Caller("telegram", "999"), "/halt", ct));
                break;
            default:
                throw new InvalidOperationException($"No producer scenario for {type}: add one.");
        }
    }

    /// <summary>The previous run left its marker "running": the run-marker service raises the crash alert at start.</summary>
    private static async Task RaiseCrashAsync(EngineHarness h)
    {
        Assert.NotNull(h.Engine.PreviousRunUnclean);
        var service = new RunMarkerService(h.Engine, new PreviousRunLog(["last line before the crash"]), new Lifetime(), h.Time);
        await service.StartAsync(CancellationToken.None);
        await HostAcceptanceTests.WaitUntilAsync(async () =>
        {
            await h.IdleAsync();
            return h.Engine.Snapshot.Incidents.Any(i => i.Type == IncidentType.BotCrash);
        }, seconds: 10);
        await service.StopAsync(CancellationToken.None);
        var incident = Assert.Single(h.Engine.Snapshot.Incidents, i => i.Type == IncidentType.BotCrash);
        Assert.Contains("last line before the crash", incident.Detail, StringComparison.Ordinal);
    }

    private static async Task RaiseChannelDownAsync(EngineHarness h)
    {
        var settings = ChatOpsSettings.Load(new ConfigurationBuilder().Build());
        var hub = new NotifierHub(new LogNotifier(NullLogger<LogNotifier>.Instance), [new DeadChannel()], JournalGate.Open(h.Journal, "test.db"), settings, h.Time, NullLogger<NotifierHub>.Instance)
        {
            PolicyAlerts = h.Engine.ObserveAlert,
        };
        await hub.StartAsync(CancellationToken.None);
        for (var i = 0; i < 4; i++)
            hub.Notify(new Alert($"a{i}", h.Time.GetUtcNow(), Severity.Sev2, $"key{i}", $"alert {i}", "x", "y"));
        await HostAcceptanceTests.WaitUntilAsync(async () =>
        {
            await h.IdleAsync();
            return h.Engine.Snapshot.Incidents.Any(i => i.Type == IncidentType.NotificationFailure);
        }, seconds: 10);
        await hub.StopAsync(CancellationToken.None);
    }

    private static void RaiseBackupFailure(EngineHarness h)
    {
        var dir = Path.Combine(Path.GetTempPath(), "chatops-backup-fail", Guid.NewGuid().ToString("N"));
        var settings = ChatOpsSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(dir, "missing.db"), // nothing to back up
        }).Build());
        Assert.Null(new BackupJob(h.Engine, settings, h.Time, NullLogger<BackupJob>.Instance).Run());
    }

    private sealed class DeadChannel : IAlertChannel
    {
        public ConcurrentQueue<Alert> Got { get; } = new();

        public string Name => "discord";

        public bool IsEnabled => true;

        public Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            Got.Enqueue(alert);
            return Task.FromResult(AlertDelivery.Failed("401 Unauthorized", retryable: false));
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
