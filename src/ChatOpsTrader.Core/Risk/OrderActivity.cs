using System.Globalization;
using System.Runtime.InteropServices;

namespace ChatOpsTrader.Core.Risk;

/// <summary>
/// The counters behind the rate, daily-count, duplicate and runaway rules. Owned by the single engine loop: not
/// thread-safe, no I/O, time passed in. Windows live in preallocated ring buffers and are pruned as time moves, so
/// memory stays bounded and the steady state allocates nothing.
/// </summary>
/// <remarks>
/// Call order for each intent: <see cref="RecordAttempt"/>, then <see cref="PreflightChecker.Check"/>, then
/// <see cref="RecordOrderSent"/> at the moment the order is handed to the broker, then <see cref="CheckRunaway"/>.
/// Call <see cref="RecordCancelSent"/> (and <see cref="RecordMessageSent"/> for modifications) for every other
/// message to the broker, each followed by <see cref="CheckRunaway"/>.
/// An event is inside a window while <c>now - time &lt; window</c>.
/// </remarks>
public sealed class OrderActivity
{
    private readonly Dictionary<string, long> _lastSentBySymbol = new(StringComparer.Ordinal);
    private readonly TimeRing<int> _orders;
    private readonly TimeRing<int> _messages;
    private readonly TimeRing<Fingerprint> _sent;
    private readonly TimeRing<Fingerprint> _attempts;
    private RiskLimits _limits;
    private long _minIntervalTicks;
    private long _duplicateTicks;
    private long _runawayTicks;
    private long _identicalTicks;
    private long _latestTicks = long.MinValue;
    private Trip _orderTrip;
    private Trip _messageTrip;
    private Trip _identicalTrip;

    /// <summary>Creates empty counters for <paramref name="tradingDay"/>.</summary>
    /// <param name="limits">The limits (windows and runaway numbers).</param>
    /// <param name="tradingDay">The current trading day (<see cref="Trading.TradingCalendar.TradingDayOf"/>).</param>
    public OrderActivity(RiskLimits limits, DateOnly tradingDay)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.EnsureValid();
        _limits = limits;
        TradingDay = tradingDay;
        _orders = new TimeRing<int>(RunawayCapacity(limits.RunawayMaxOrders), RunawayCapacity(limits.RunawayMaxOrders));
        _messages = new TimeRing<int>(RunawayCapacity(limits.RunawayMaxMessages), RunawayCapacity(limits.RunawayMaxMessages));
        _sent = new TimeRing<Fingerprint>(SentCapacity, SentMaxCapacity);
        _attempts = new TimeRing<Fingerprint>(AttemptCapacity(limits), AttemptCapacity(limits));
        ApplyWindows(limits);
    }

    /// <summary>Initial size of the duplicate window's ring; it doubles as needed up to <see cref="SentMaxCapacity"/>.</summary>
    public const int SentCapacity = 64;

    /// <summary>Most sent orders remembered for the duplicate rule (far above what the runaway rule lets through).</summary>
    public const int SentMaxCapacity = 8_192;

    /// <summary>The limits in use.</summary>
    public RiskLimits Limits => _limits;

    /// <summary>The trading day <see cref="OrdersToday"/> belongs to.</summary>
    public DateOnly TradingDay { get; private set; }

    /// <summary>Orders sent on <see cref="TradingDay"/>.</summary>
    public int OrdersToday { get; private set; }

    /// <summary>
    /// Records an order intent, accepted or not, for the identical-order runaway rule. Call it before the
    /// pre-flight check; do not call it for a replayed intent (same idempotency key).
    /// </summary>
    public void RecordAttempt(in OrderCheck order, DateTimeOffset now)
    {
        var ticks = Observe(now);
        var fingerprint = new Fingerprint(order);
        var count = 1;
        for (var i = 0; i < _attempts.Count; i++)
        {
            ref readonly var earlier = ref _attempts.ValueAt(i);
            if (ticks - _attempts.TicksAt(i) < _identicalTicks && earlier.Matches(in fingerprint))
                count++;
        }

        _attempts.Push(ticks, fingerprint, _identicalTicks);
        if (count >= _limits.RunawayIdenticalOrders)
            _identicalTrip = new Trip(ticks, count, count > _attempts.Capacity, order);
    }

    /// <summary>
    /// Records an order handed to the broker: the symbol's last order time, the day's count, the duplicate window,
    /// and the runaway order and message windows.
    /// </summary>
    public void RecordOrderSent(in OrderCheck order, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(order.Symbol);
        var ticks = Observe(now);
        CollectionsMarshal.GetValueRefOrAddDefault(_lastSentBySymbol, order.Symbol, out _) = ticks;
        OrdersToday++;
        _sent.Push(ticks, new Fingerprint(order), _duplicateTicks);
        var count = CountWithin(_orders, ticks, _runawayTicks) + 1;
        _orders.Push(ticks, count, _runawayTicks);
        if (count > _limits.RunawayMaxOrders)
            _orderTrip = new Trip(ticks, count, count > _orders.Capacity, default);
        RecordMessage(ticks);
    }

    /// <summary>Records a cancel sent to the broker (a message for the runaway rule).</summary>
    public void RecordCancelSent(DateTimeOffset now) => RecordMessage(Observe(now));

    /// <summary>Records any other message sent to the broker, such as an order modification.</summary>
    public void RecordMessageSent(DateTimeOffset now) => RecordMessage(Observe(now));

    /// <summary>
    /// The runaway detected by a Record call within the last window (so a check that comes a little late still
    /// sees it), or null. Orders are checked first, then messages, then identical attempts. Keeps answering until
    /// the window has passed or <see cref="ResetRunaway"/> is called: halt once, then ignore repeats.
    /// </summary>
    public RunawayVerdict? CheckRunaway(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        if (_orderTrip.IsWithin(ticks, _runawayTicks))
            return new RunawayVerdict(RunawayKind.Orders, _orderTrip.Count, _limits.RunawayMaxOrders, _limits.RunawayWindow, At(_orderTrip.Ticks), null, _orderTrip.LowerBound);
        if (_messageTrip.IsWithin(ticks, _runawayTicks))
            return new RunawayVerdict(RunawayKind.Messages, _messageTrip.Count, _limits.RunawayMaxMessages, _limits.RunawayWindow, At(_messageTrip.Ticks), null, _messageTrip.LowerBound);
        if (_identicalTrip.IsWithin(ticks, _identicalTicks))
            return new RunawayVerdict(RunawayKind.IdenticalOrders, _identicalTrip.Count, _limits.RunawayIdenticalOrders, _limits.RunawayIdenticalWindow, At(_identicalTrip.Ticks), _identicalTrip.Order, _identicalTrip.LowerBound);
        return null;
    }

    /// <summary>
    /// Forgets the runaway windows and any detected runaway. Call it when a person lifts the halt, so the evidence
    /// of the old runaway does not halt the account again. The rate and duplicate rules keep their memory.
    /// </summary>
    public void ResetRunaway()
    {
        _orders.Clear();
        _messages.Clear();
        _attempts.Clear();
        _orderTrip = default;
        _messageTrip = default;
        _identicalTrip = default;
    }

    /// <summary>
    /// Starts a new trading day: the day's order count goes back to 0. Idempotent: a day that is not after
    /// <see cref="TradingDay"/> changes nothing (a repeated or late reset job cannot wipe today's count).
    /// </summary>
    /// <returns>True when the count was reset.</returns>
    public bool ResetDay(DateOnly tradingDay)
    {
        if (tradingDay <= TradingDay)
            return false;
        TradingDay = tradingDay;
        OrdersToday = 0;
        PruneSymbols();
        return true;
    }

    /// <summary>
    /// Switches to new limits (a person changed them). Windows keep their entries; ring sizes follow the new runaway
    /// numbers. Give the same limits to the <see cref="PreflightChecker"/>.
    /// </summary>
    public void UpdateLimits(RiskLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.EnsureValid();
        _limits = limits;
        _orders.Reconfigure(RunawayCapacity(limits.RunawayMaxOrders), RunawayCapacity(limits.RunawayMaxOrders));
        _messages.Reconfigure(RunawayCapacity(limits.RunawayMaxMessages), RunawayCapacity(limits.RunawayMaxMessages));
        _attempts.Reconfigure(AttemptCapacity(limits), AttemptCapacity(limits));
        ApplyWindows(limits);
    }

    /// <summary>The persisted part: the trading day and its order count, e.g. <c>v1;day=2026-11-17;orders=12</c>.</summary>
    public string Export() => string.Create(CultureInfo.InvariantCulture, $"v1;day={RiskText.Day(TradingDay)};orders={OrdersToday}");

    /// <summary>
    /// Restores the counters after a restart. The order count is kept when the state belongs to
    /// <paramref name="tradingDay"/> (or to a later day: a clock that went back must not reopen the count);
    /// otherwise the day starts at 0. Windows start empty.
    /// </summary>
    /// <exception cref="FormatException">The state is not one <see cref="Export"/> wrote. Do not trade on a guess.</exception>
    public static OrderActivity Import(string? state, RiskLimits limits, DateOnly tradingDay)
    {
        var activity = new OrderActivity(limits, tradingDay);
        if (string.IsNullOrWhiteSpace(state))
            return activity;

        DateOnly? day = null;
        int? orders = null;
        foreach (var (key, value) in RiskText.ParseState(state, "Order activity"))
        {
            switch (key)
            {
                case "day":
                    day = RiskText.ParseDay(value, "order activity day");
                    break;
                case "orders":
                    orders = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                        ? n
                        : throw new FormatException($"Order activity state: '{value}' is not an order count.");
                    break;
                default:
                    throw new FormatException($"Order activity state: unknown key '{key}'.");
            }
        }

        if (day is null || orders is null)
            throw new FormatException("Order activity state: day and orders are required.");
        if (day.Value >= tradingDay)
        {
            activity.TradingDay = day.Value;
            activity.OrdersToday = orders.Value;
        }

        return activity;
    }

    /// <summary>When the last order for the symbol was sent (UTC ticks).</summary>
    internal bool TryGetLastOrderTicks(string symbol, out long ticks) => _lastSentBySymbol.TryGetValue(symbol, out ticks);

    /// <summary>The most recent send of an order identical to <paramref name="order"/> inside the window, if any.</summary>
    internal bool TryFindIdenticalSent(in OrderCheck order, long nowTicks, long windowTicks, out long sentTicks)
    {
        var fingerprint = new Fingerprint(order);
        for (var i = _sent.Count - 1; i >= 0; i--)
        {
            var ticks = _sent.TicksAt(i);
            if (nowTicks - ticks < windowTicks && _sent.ValueAt(i).Matches(in fingerprint))
            {
                sentTicks = ticks;
                return true;
            }
        }

        sentTicks = 0;
        return false;
    }

    private static int RunawayCapacity(int limit) => 2 * (limit + 1);

    private static int AttemptCapacity(RiskLimits limits) => Math.Max(1_024, 2 * limits.RunawayIdenticalOrders);

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static int CountWithin(TimeRing<int> ring, long nowTicks, long windowTicks)
    {
        var count = 0;
        for (var i = 0; i < ring.Count; i++)
        {
            if (nowTicks - ring.TicksAt(i) < windowTicks)
                count++;
        }

        return count;
    }

    private void ApplyWindows(RiskLimits limits)
    {
        _minIntervalTicks = limits.MinOrderInterval.Ticks;
        _duplicateTicks = limits.DuplicateWindow.Ticks;
        _runawayTicks = limits.RunawayWindow.Ticks;
        _identicalTicks = limits.RunawayIdenticalWindow.Ticks;
    }

    private long Observe(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        if (ticks > _latestTicks)
            _latestTicks = ticks;
        return ticks;
    }

    private void RecordMessage(long ticks)
    {
        var count = CountWithin(_messages, ticks, _runawayTicks) + 1;
        _messages.Push(ticks, count, _runawayTicks);
        if (count > _limits.RunawayMaxMessages)
            _messageTrip = new Trip(ticks, count, count > _messages.Capacity, default);
    }

    private void PruneSymbols()
    {
        // Symbols whose last order is older than the rate interval no longer matter; keeps the map to the live set.
        foreach (var (symbol, ticks) in _lastSentBySymbol)
        {
            if (_latestTicks - ticks >= _minIntervalTicks)
                _lastSentBySymbol.Remove(symbol);
        }
    }

    /// <summary>An order's content with its hash, so most comparisons stop at one integer.</summary>
    private readonly struct Fingerprint(OrderCheck order)
    {
        public readonly OrderCheck Order = order;
        public readonly int Hash = order.GetHashCode();

        public bool Matches(in Fingerprint other) => Hash == other.Hash && Order.Equals(other.Order);
    }

    private readonly struct Trip(long ticks, int count, bool lowerBound, OrderCheck? order)
    {
        public readonly long Ticks = ticks;
        public readonly int Count = count;
        public readonly bool LowerBound = lowerBound;
        public readonly OrderCheck? Order = order;
        public readonly bool IsSet = true;

        public bool IsWithin(long nowTicks, long windowTicks) => IsSet && nowTicks - Ticks < windowTicks;
    }
}
