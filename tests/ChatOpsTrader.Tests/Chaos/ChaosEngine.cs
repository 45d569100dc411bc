using System.Collections.Concurrent;
using System.Diagnostics;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Storage;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Chaos;

/// <summary>
/// The trading core in-process as the host builds it, minus the web: a <see cref="TradingEngine"/> on a real SQLite
/// journal in a temp folder, trading through our <see cref="TwsBrokerPort"/> over loopback to a test-owned simulator,
/// alerting into a notifier that timestamps every alert. Real time (sockets, backoff); limits opened so only the
/// broker's state decides whether an entry is refused.
/// </summary>
internal sealed class ChaosEngine : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SqliteJournal _journal;
    private Task? _run;

    private ChaosEngine(string folder, ChaosBroker broker)
    {
        Folder = folder;
        DatabasePath = Path.Combine(folder, "data", "chatops.db");
        _journal = SqliteJournal.Open(DatabasePath, TimeProvider.System);
        Port = new TwsBrokerPort(new TwsOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = 1 }, TimeProvider.System, Log);
        var options = new EngineOptions
        {
            Symbols = [.. broker.Exchange.Symbols],
            Calendar = new TradingCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), new TimeOnly(4, 0), alwaysOpen: true),
            Limits = RiskLimits.Default with
            {
                MinOrderInterval = TimeSpan.Zero,
                DuplicateWindow = TimeSpan.Zero,
                MaxOrdersPerDay = 1_000_000,
                MaxWorkingOrders = 1_000,
                MaxPositionPerSymbol = 1_000_000m,
                MaxOrderNotional = 10_000_000m,
                RunawayMaxOrders = RiskLimits.MaxRunawayCount,
                RunawayMaxMessages = RiskLimits.MaxRunawayCount,
                RunawayIdenticalOrders = RiskLimits.MaxRunawayCount,
                DailyLossLimit = 100_000_000m,
                WeeklyLossLimit = 100_000_000m,
                StrategyDailyLossLimit = 100_000_000m,
                MaxDrawdown = 100_000_000m,
            },
            MaxSlippageBps = null,
        };
        Engine = new TradingEngine(_journal, Port, Notifier, TimeProvider.System, options, Log.CreateLogger<TradingEngine>());
    }

    /// <summary>The journal's folder.</summary>
    public string Folder { get; }

    /// <summary>The journal file.</summary>
    public string DatabasePath { get; }

    /// <summary>The engine.</summary>
    public TradingEngine Engine { get; }

    /// <summary>The TWS adapter the engine trades through.</summary>
    public TwsBrokerPort Port { get; }

    /// <summary>The recent log lines of the adapter, client and engine (shown when a check fails).</summary>
    public RecentLog Log { get; } = new();

    /// <summary>Every alert the engine raised, with the moment it was handed to the notifier.</summary>
    public TimedNotifier Notifier { get; } = new();

    /// <summary>The engine loop (faulted if the engine crashed).</summary>
    public Task Run => _run ?? throw new InvalidOperationException("not started");

    /// <summary>Starts the engine (recovery, broker connect, reconcile) and waits until it decides inputs.</summary>
    public static async Task<ChaosEngine> StartAsync(ChaosBroker broker)
    {
        var folder = Path.Combine(Path.GetTempPath(), "chatops-chaos-engine-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var engine = new ChaosEngine(folder, broker);
        engine._run = engine.Engine.RunAsync(engine._stop.Token);
        await engine.Engine.Ready.WaitAsync(TimeSpan.FromSeconds(20));
        return engine;
    }

    /// <inheritdoc />
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

        await Port.DisposeAsync();
        _journal.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A notifier that keeps every alert with a monotonic timestamp (what the engine raised, before any hub dedup).</summary>
internal sealed class TimedNotifier : INotifier
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Alerts in the order they were raised, with <see cref="Now"/> at that moment.</summary>
    public ConcurrentQueue<(TimeSpan At, Alert Alert)> Alerts { get; } = new();

    /// <summary>The notifier's clock.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <inheritdoc />
    public void Notify(Alert alert) => Alerts.Enqueue((_clock.Elapsed, alert));

    /// <summary>Alerts with this key and severity raised at or after <paramref name="since"/>.</summary>
    public int Count(string key, Severity severity, TimeSpan since) =>
        Alerts.Count(a => a.At >= since && a.Alert.Key == key && a.Alert.Severity == severity);
}
