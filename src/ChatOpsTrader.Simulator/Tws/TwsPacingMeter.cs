namespace ChatOpsTrader.Simulator.Tws;

/// <summary>
/// TWS's message-rate limit for one client: more than <see cref="Limit"/> messages within any one second is a
/// violation. Keeps the times of the last <see cref="Limit"/> messages in a ring. Not thread-safe (one read loop).
/// </summary>
internal sealed class TwsPacingMeter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly DateTimeOffset[] _times;
    private int _next;
    private int _count;

    public TwsPacingMeter(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
        _times = new DateTimeOffset[Math.Min(limit, 1 << 16)];
    }

    /// <summary>Messages allowed in any one second.</summary>
    public int Limit { get; }

    /// <summary>
    /// Records a message received at <paramref name="now"/>. False when it makes more than <see cref="Limit"/>
    /// within one second (then <paramref name="inWindow"/> is how many the last second held, this one included).
    /// </summary>
    public bool TryRecord(DateTimeOffset now, out int inWindow)
    {
        inWindow = 1;
        if (Limit > _times.Length)
            return true; // a limit this high is a test's "off"; no ring that large is kept.
        if (_count == _times.Length)
        {
            var oldest = _times[_next];
            if (now - oldest < Window)
            {
                inWindow = _count + 1;
                return false;
            }
        }
        else
        {
            _count++;
        }

        _times[_next] = now;
        _next = (_next + 1) % _times.Length;
        inWindow = _count;
        return true;
    }
}
