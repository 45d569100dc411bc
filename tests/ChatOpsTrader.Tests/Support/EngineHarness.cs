using ChatOpsTrader.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Support;

/// <summary>An engine on an in-memory journal and a scripted broker, driven by a manual clock.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public EngineHarness(InMemoryJournal? journal = null, ScriptedBroker? broker = null, ManualTimeProvider? time = null, EngineOptions? options = null)
    {
        Time = time ?? new ManualTimeProvider();
        Journal = journal ?? new InMemoryJournal();
        Broker = broker ?? new ScriptedBroker(Time);
        Options = options ?? new EngineOptions { Symbols = ["AAPL", "MSFT"] };
        Engine = new TradingEngine(Journal, Broker, Notifier, Time, Options, NullLogger<TradingEngine>.Instance);
    }

    public ManualTimeProvider Time { get; }

    public InMemoryJournal Journal { get; }

    public ScriptedBroker Broker { get; }

    public CollectingNotifier Notifier { get; } = new();

    public EngineOptions Options { get; }

    public TradingEngine Engine { get; }

    public static Actor Admin { get; } = new("web", "web", "admin");

    public static Actor Operator { get; } = new("telegram", "42", "operator");

    public async Task<EngineHarness> StartAsync()
    {
        _run = Engine.RunAsync(_stop.Token);
        await Engine.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        return this;
    }

    /// <summary>Quotes for AAPL and MSFT at the current (manual) time.</summary>
    public async Task QuotesAsync(decimal aapl = 190m, decimal msft = 410m)
    {
        Broker.Quote("AAPL", aapl - 0.01m, aapl + 0.01m);
        Broker.Quote("MSFT", msft - 0.01m, msft + 0.01m);
        await IdleAsync();
    }

    public Task IdleAsync() => Engine.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

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
        _stop.Dispose();
    }
}
