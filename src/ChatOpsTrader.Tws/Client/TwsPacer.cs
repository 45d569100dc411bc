namespace ChatOpsTrader.Tws.Client;

/// <summary>
/// Pure pacing of client → TWS messages under TWS's limit of 50 messages per second. Two rules hold together:
/// <list type="bullet">
/// <item>a sliding one-second window of every message sent: ordinary messages only while the window holds fewer than
/// <c>normalPerSecond</c> (40), priority messages (cancels) while it holds fewer than <c>totalPerSecond</c> (45); so no
/// one-second window ever holds more than <c>totalPerSecond</c> messages, and cancels always find headroom;</item>
/// <item>a token bucket per lane (ordinary: <c>normalPerSecond</c> per second; priority: <c>totalPerSecond</c> per
/// second) with a small burst, so messages go out evenly rather than in clumps that network jitter could squeeze into
/// one window at the receiver.</item>
/// </list>
/// Time comes from a <see cref="TimeProvider"/>. Not thread-safe: the send loop owns it (callers lock).
/// </summary>
public sealed class TwsPacer
{
    /// <summary>The window TWS counts over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Bucket _normal;
    private readonly Bucket _priority;

    /// <summary>Creates a pacer.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="normalPerSecond">Ordinary messages per second (window cap and bucket rate).</param>
    /// <param name="totalPerSecond">All messages per second (window cap, and the priority bucket's rate); below 50.</param>
    /// <param name="burst">Bucket capacity of each lane: how many messages may leave back to back.</param>
    public TwsPacer(TimeProvider time, int normalPerSecond = 40, int totalPerSecond = 45, int burst = 5)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(normalPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalPerSecond, normalPerSecond);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(totalPerSecond, 50);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _time = time;
        NormalPerSecond = normalPerSecond;
        TotalPerSecond = totalPerSecond;
        var now = time.GetUtcNow();
        _normal = new Bucket(normalPerSecond, Math.Min(burst, normalPerSecond), now);
        _priority = new Bucket(totalPerSecond, Math.Min(burst, totalPerSecond), now);
    }

    /// <summary>The window cap of ordinary messages.</summary>
    public int NormalPerSecond { get; }

    /// <summary>The window cap of all messages.</summary>
    public int TotalPerSecond { get; }

    /// <summary>Messages sent in the last second.</summary>
    public int SentInWindow
    {
        get
        {
            Expire(_time.GetUtcNow());
            return _sent.Count;
        }
    }

    /// <summary>How long until a message of <paramref name="lane"/> may be sent (zero: now).</summary>
    public TimeSpan Delay(TwsLane lane)
    {
        var now = _time.GetUtcNow();
        Expire(now);
        var cap = lane == TwsLane.Priority ? TotalPerSecond : NormalPerSecond;
        var windowWait = TimeSpan.Zero;
        if (_sent.Count >= cap)
        {
            // The window frees a slot when the (count - cap + 1)-th oldest message leaves it.
            var oldestToLeave = _sent.ElementAt(_sent.Count - cap);
            windowWait = oldestToLeave + Window - now;
        }

        var bucketWait = (lane == TwsLane.Priority ? _priority : _normal).Wait(now);
        var wait = windowWait > bucketWait ? windowWait : bucketWait;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>Takes a slot if one is free now; false (and nothing taken) otherwise.</summary>
    public bool TryAcquire(TwsLane lane)
    {
        if (Delay(lane) > TimeSpan.Zero)
            return false;
        var now = _time.GetUtcNow();
        (lane == TwsLane.Priority ? _priority : _normal).Take(now);
        _sent.Enqueue(now);
        return true;
    }

    /// <summary>Records a message sent outside the lanes (the startApi of a new connection): it counts in the window.</summary>
    public void RecordUnpaced()
    {
        var now = _time.GetUtcNow();
        Expire(now);
        _sent.Enqueue(now);
    }

    private void Expire(DateTimeOffset now)
    {
        while (_sent.Count > 0 && _sent.Peek() + Window <= now)
            _sent.Dequeue();
    }

    private sealed class Bucket(int ratePerSecond, int capacity, DateTimeOffset start)
    {
        private double _tokens = capacity;
        private DateTimeOffset _updated = start;

        public TimeSpan Wait(DateTimeOffset now)
        {
            Refill(now);
            // A hair of tolerance so float rounding never leaves a token at 0.9999999 after the exact wait.
            return _tokens >= 1 - 1e-9
                ? TimeSpan.Zero
                : TimeSpan.FromTicks((long)Math.Ceiling((1 - _tokens) / ratePerSecond * TimeSpan.TicksPerSecond));
        }

        public void Take(DateTimeOffset now)
        {
            Refill(now);
            _tokens = Math.Max(0, _tokens - 1);
        }

        private void Refill(DateTimeOffset now)
        {
            if (now > _updated)
            {
                _tokens = Math.Min(capacity, _tokens + ((now - _updated).TotalSeconds * ratePerSecond));
                _updated = now;
            }
        }
    }
}
