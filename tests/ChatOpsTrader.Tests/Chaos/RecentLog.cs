using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Chaos;

/// <summary>
/// The last few hundred log lines of everything under test, each stamped on a monotonic clock, so that a chaos
/// failure can show what the client, adapter and engine were doing around the moment it went wrong.
/// </summary>
internal sealed class RecentLog : ILoggerFactory, ILoggerProvider
{
    private const int Capacity = 400;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<(TimeSpan At, string Line)> _lines = new();

    /// <summary>The log's clock (the stamp of every line).</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The kept lines stamped at or after <paramref name="since"/>, one per row, stamped relative to it.</summary>
    public string Since(TimeSpan since) =>
        string.Join('\n', _lines.Where(l => l.At >= since).Select(l => $"  +{(l.At - since).TotalMilliseconds,6:0} ms {l.Line}"));

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue((_clock.Elapsed, line));
        while (_lines.Count > Capacity)
            _lines.TryDequeue(out _);
    }

    private sealed class Logger(RecentLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add($"[{logLevel.ToString()[..3]}] {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " (" + exception.GetType().Name + ": " + exception.Message + ")")}");
    }
}
