using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Simulator;

/// <summary>Builders and doubles for the simulator tests.</summary>
internal static class Paper
{
    /// <summary>No random rejections, no partial fills: the tests turn these on when they are the subject.</summary>
    public static PaperExchangeOptions Quiet(string? stateFile = null) => new()
    {
        RejectProbability = 0,
        PartialFillProbability = 0,
        StateFilePath = stateFile,
    };

    public static PaperExchange Exchange(ManualTimeProvider clock, PaperExchangeOptions? options = null, int seed = 1, ILogger<PaperExchange>? logger = null) =>
        new(options ?? Quiet(), clock, new Random(seed), logger);

    public static PaperOrderRequest Market(string symbol, OrderSide side, decimal quantity, string orderRef = "COT-test") =>
        new(symbol, side, quantity, OrderType.Market) { ClientId = 1, OrderRef = orderRef };
}

/// <summary>Collects every exchange event.</summary>
internal sealed class EventLog
{
    private readonly Lock _lock = new();
    private readonly List<PaperEvent> _events = [];

    public EventLog(PaperExchange exchange) => exchange.Subscribe(Add);

    public IReadOnlyList<PaperEvent> All
    {
        get
        {
            lock (_lock)
                return [.. _events];
        }
    }

    public IReadOnlyList<T> Of<T>() where T : PaperEvent => [.. All.OfType<T>()];

    public IReadOnlyList<PaperOrderStatusChanged> StatusesOf(long orderId) => [.. Of<PaperOrderStatusChanged>().Where(e => e.Order.OrderId == orderId)];

    public IReadOnlyList<PaperExecution> ExecutionsOf(long orderId) => [.. Of<PaperOrderExecuted>().Select(e => e.Execution).Where(e => e.OrderId == orderId)];

    public void Clear()
    {
        lock (_lock)
            _events.Clear();
    }

    private void Add(PaperEvent e)
    {
        lock (_lock)
            _events.Add(e);
    }
}

/// <summary>A temporary directory removed at the end of the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cot-paper-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A logger that keeps its entries.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, string Message, Exception? Exception)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries
    {
        get
        {
            lock (_lock)
                return [.. _entries];
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
            _entries.Add((logLevel, formatter(state, exception), exception));
    }
}

/// <summary>A broker sink that records events and lets a test wait for them (the port delivers from its own task).</summary>
internal sealed class RecordingSink : IBrokerEventSink
{
    private readonly object _lock = new();
    private readonly List<BrokerEvent> _events = [];

    /// <summary>Set by a test around a call; the sink records whether it was called while the flag was set on its thread.</summary>
    [ThreadStatic]
    public static bool InsideCall;

    public bool CalledInsideCall { get; private set; }

    public IReadOnlyList<BrokerEvent> Events
    {
        get
        {
            lock (_lock)
                return [.. _events];
        }
    }

    public void OnBrokerEvent(BrokerEvent brokerEvent)
    {
        lock (_lock)
        {
            if (InsideCall)
                CalledInsideCall = true;
            _events.Add(brokerEvent);
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Waits (real time, bounded) until an event matches.</summary>
    public T WaitFor<T>(Func<T, bool>? match = null) where T : BrokerEvent
    {
        T? found = null;
        WaitUntil(events => (found = events.OfType<T>().FirstOrDefault(e => match?.Invoke(e) ?? true)) is not null, typeof(T).Name);
        return found!;
    }

    /// <summary>Waits (real time, bounded) until the events so far satisfy the condition.</summary>
    public void WaitUntil(Func<IReadOnlyList<BrokerEvent>, bool> condition, string? what = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        lock (_lock)
        {
            while (true)
            {
                if (condition(_events))
                    return;
                var left = TimeSpan.FromSeconds(10) - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                    throw new Xunit.Sdk.XunitException($"no {what ?? "matching events"} arrived; got: {string.Join(", ", _events.Select(e => e.GetType().Name))}");
                Monitor.Wait(_lock, left);
            }
        }
    }
}
