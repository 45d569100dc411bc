namespace ChatOpsTrader.Core.Alerts;

/// <summary>
/// A token bucket in exact integer arithmetic: one token is <see cref="TimeSpan.TicksPerMinute"/> units and every
/// elapsed tick adds <c>ratePerMinute</c> units, so refills never drift. SEV1 may borrow below zero; the debt is
/// paid back by the refill before anything else goes out.
/// </summary>
internal sealed class TokenBucket
{
    private const long Unit = TimeSpan.TicksPerMinute;
    private readonly long _ratePerMinute;
    private readonly long _capacity;
    private long _units;
    private DateTimeOffset _last;

    public TokenBucket(int ratePerMinute, int burst, DateTimeOffset now)
    {
        _ratePerMinute = ratePerMinute;
        _capacity = burst * Unit;
        _units = _capacity;
        _last = now;
    }

    /// <summary>Takes a token if there is one.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        Refill(now);
        if (_units < Unit)
            return false;
        _units -= Unit;
        return true;
    }

    /// <summary>Takes a token, going into debt if needed (SEV1 never waits).</summary>
    public void Borrow(DateTimeOffset now)
    {
        Refill(now);
        _units -= Unit;
    }

    private void Refill(DateTimeOffset now)
    {
        if (now <= _last)
            return;
        var elapsed = (now - _last).Ticks;
        var missing = _capacity - _units;
        // Cap the elapsed time at what fills the bucket, so the product cannot overflow.
        var toFull = (missing + _ratePerMinute - 1) / _ratePerMinute;
        _units = elapsed >= toFull ? _capacity : _units + (elapsed * _ratePerMinute);
        _last = now;
    }
}
