using System.Collections.Concurrent;
using System.Collections.Immutable;
using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Simulator.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Simulator;

/// <summary>
/// The embedded paper broker: random-walk quotes, a matching engine with server-side brackets, positions, cash and
/// commissions, persisted so that working orders keep working (and are caught up) across restarts.
/// </summary>
/// <remarks>
/// Thread-safe: every public member takes one lock. Subscribers are called outside that lock, one event at a time,
/// in the order the changes happened, never re-entrantly (an event caused by a subscriber's own call is delivered
/// after the subscriber returns), on whichever thread made the change (the caller, or the tick timer).
/// State is written to <see cref="PaperExchangeOptions.StateFilePath"/> before the events of a change are delivered.
/// </remarks>
public sealed partial class PaperExchange : IDisposable
{
    private readonly Lock _lock = new();
    private readonly PaperExchangeOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;

    // Guarded by _lock.
    private readonly Dictionary<string, SymbolState> _symbols = new(StringComparer.Ordinal);
    private readonly List<SymbolState> _symbolList = [];
    private readonly Dictionary<long, OrderState> _orders = [];
    private readonly List<OrderState> _working = [];
    private readonly Queue<long> _finished = new();
    private readonly List<PaperExecution> _executions = [];
    private readonly Queue<(int Code, string Reason)> _rejectNext = new();
    private ITimer? _timer;
    private bool _disposed;
    private bool _stalled;
    private bool _replaying;
    private DateTimeOffset? _replayNow;
    private bool _dirty;
    private bool _quotesDirty;
    private bool _saveFailing;
    private DateTimeOffset _lastSaveAt;
    private DateTimeOffset _lastTickAt;
    private long _tickSeq;
    private long _nextOrderId = 1;
    private long _nextPermId = 1_000_000_001;
    private long _nextExecSeq = 1;
    private long _executionCount;
    private uint _session;
    private decimal _cash;
    private decimal _realizedPnl;

    // Event delivery, outside _lock.
    private readonly ConcurrentQueue<PaperEvent> _outbox = new();
    private ImmutableArray<Action<PaperEvent>> _subscribers = [];
    private int _draining;

    /// <summary>
    /// Creates the exchange. With a state file, loads it and replays the time since its last tick (see
    /// <see cref="LastCatchUp"/>); an unreadable file is moved aside and a new account is opened.
    /// Quotes start moving on <see cref="Start"/>.
    /// </summary>
    /// <param name="options">Settings (validated).</param>
    /// <param name="timeProvider">The clock and the tick timer.</param>
    /// <param name="random">Source of every random choice (prices, rejections, partial fills). Used only under the lock.</param>
    /// <param name="logger">Logger, or null.</param>
    public PaperExchange(PaperExchangeOptions options, TimeProvider timeProvider, Random random, ILogger<PaperExchange>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        _options = options;
        _time = timeProvider;
        _random = random;
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (!TryLoad_NeedsLock(now))
                StartFresh_NeedsLock(now);
            _lastSaveAt = now;
            Save_NeedsLock();
        }

        Symbols = [.. _symbolList.Select(s => s.Symbol)];
    }

    /// <summary>The settings.</summary>
    public PaperExchangeOptions Options => _options;

    /// <summary>The account id.</summary>
    public string AccountId => _options.AccountId;

    /// <summary>Tradable symbols, sorted.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>What the replay at load did, or null when no state was loaded.</summary>
    public PaperCatchUpReport? LastCatchUp { get; private set; }

    /// <summary>True while quotes are stalled (<see cref="StallQuotes"/>).</summary>
    public bool QuotesStalled
    {
        get
        {
            lock (_lock)
                return _stalled;
        }
    }

    /// <summary>Starts the tick timer (idempotent).</summary>
    public void Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _timer ??= _time.CreateTimer(static s => ((PaperExchange)s!).OnTick(), this, _options.TickInterval, _options.TickInterval);
        }
    }

    /// <summary>
    /// Registers a handler for every event. See the class remarks for the delivery guarantees. Handlers must be quick
    /// and must not block; an exception from a handler is logged and swallowed.
    /// </summary>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable Subscribe(Action<PaperEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _subscribers, static (list, h) => list.Add(h), handler);
        return new Subscription(this, handler);
    }

    /// <summary>Hands out the next order id (TWS nextValidId / reqIds). Monotonic for the life of the account.</summary>
    public long NextOrderId()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _dirty = true;
            return _nextOrderId++;
        }
    }

    /// <summary>The latest quote of a symbol (exchange prices, also while quotes are stalled).</summary>
    public bool TryGetQuote(string symbol, out Quote quote)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        lock (_lock)
        {
            if (_symbols.TryGetValue(Normalize(symbol), out var s))
            {
                quote = s.Quote;
                return true;
            }

            quote = default;
            return false;
        }
    }

    /// <summary>An order by id (working, or one of the recently finished).</summary>
    public bool TryGetOrder(long orderId, out PaperOrder? order)
    {
        lock (_lock)
        {
            order = _orders.TryGetValue(orderId, out var o) ? o.ToView() : null;
            return order is not null;
        }
    }

    /// <summary>Account, positions, working orders, executions and quotes, consistent with each other.</summary>
    public PaperAccountSnapshot GetSnapshot()
    {
        lock (_lock)
        {
            return new PaperAccountSnapshot(
                Now,
                AccountValues_NeedsLock(),
                [.. _symbolList.Where(s => s.Position != 0).Select(PositionView)],
                [.. _working.Select(o => o.ToView())],
                [.. _executions],
                [.. _symbolList.Select(s => s.Quote)]);
        }
    }

    /// <summary>Stops the tick timer and writes the state a last time. Subscribers get nothing more.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
            Save_NeedsLock();
        }

        _subscribers = [];
    }

    private DateTimeOffset Now => _replayNow ?? _time.GetUtcNow();

    private static string Normalize(string symbol) => symbol.Trim().ToUpperInvariant();

    private void OnTick()
    {
        try
        {
            lock (_lock)
            {
                if (_disposed)
                    return;
                Tick_NeedsLock();
                SaveIfNeeded_NeedsLock();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A timer callback must never take the process down; the next tick tries again.
            Log.TickFailed(_logger, ex);
        }

        Dispatch();
    }

    /// <summary>Runs a change under the lock, writes the state if it changed, then delivers its events outside the lock.</summary>
    private T Change<T>(Func<T> body)
    {
        T result;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                result = body();
            }
            finally
            {
                SaveIfNeeded_NeedsLock();
            }
        }

        Dispatch();
        return result;
    }

    private void Emit_NeedsLock(PaperEvent paperEvent)
    {
        // While replaying the time we were down nobody is listening; the results are in the state and the snapshot.
        if (!_replaying)
            _outbox.Enqueue(paperEvent);
    }

    private void Dispatch()
    {
        // One drainer at a time keeps the order; whoever finds the flag taken leaves its events to the drainer,
        // which re-checks the queue after releasing the flag so nothing is stranded.
        while (!_outbox.IsEmpty)
        {
            if (Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                return;
            try
            {
                while (_outbox.TryDequeue(out var paperEvent))
                    Deliver(paperEvent);
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }
        }
    }

    private void Deliver(PaperEvent paperEvent)
    {
        foreach (var handler in _subscribers)
        {
            try
            {
                handler(paperEvent);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.SubscriberFailed(_logger, paperEvent.GetType().Name, ex);
            }
        }
    }

    private PaperAccountValues AccountValues_NeedsLock()
    {
        decimal gross = 0, positionValue = 0, unrealized = 0;
        foreach (var s in _symbolList)
        {
            if (s.Position == 0)
                continue;
            var mark = s.Quote.Mark;
            gross += Math.Abs(s.Position) * mark;
            positionValue += s.Position * mark;
            unrealized += (mark - s.AverageCost) * s.Position;
        }

        var netLiq = _cash + positionValue;
        return new PaperAccountValues(
            _options.AccountId,
            Math.Round(_cash, 2),
            Math.Round(netLiq, 2),
            Math.Round(gross, 2),
            Math.Round(unrealized, 2),
            Math.Round(_realizedPnl, 2),
            Math.Round(Math.Max(0, (netLiq * _options.Leverage) - gross), 2))
        {
            MaintenanceMargin = Math.Round(gross / _options.Leverage, 2),
            ExcessLiquidity = Math.Round(netLiq - (gross / _options.Leverage), 2),
        };
    }

    private static PaperPosition PositionView(SymbolState s)
    {
        var mark = s.Quote.Mark;
        return new PaperPosition(s.Symbol, s.Position, s.AverageCost, mark, Math.Round((mark - s.AverageCost) * s.Position, 2), Math.Round(s.RealizedPnl, 2));
    }

    private sealed class Subscription(PaperExchange owner, Action<PaperEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                ImmutableInterlocked.Update(ref owner._subscribers, static (list, h) => list.Remove(h), handler);
        }
    }
}
