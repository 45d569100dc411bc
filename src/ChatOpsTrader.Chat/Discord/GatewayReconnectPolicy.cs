namespace ChatOpsTrader.Chat.Discord;

/// <summary>Timing knobs of the gateway. The defaults are for production; tests shorten them.</summary>
internal sealed record DiscordGatewayTuning
{
    /// <summary>First reconnect delay after an unstable connection; doubles per consecutive failure.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A session that lasted this long resets the backoff (the next reconnect is immediate).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Least time between two Identify (Discord allows one per 5 s with max_concurrency 1).</summary>
    public TimeSpan IdentifyMinInterval { get; init; } = TimeSpan.FromSeconds(5.5);

    /// <summary>Our own cap on Identify per 24 h, far below Discord's 1000 (exhausting that resets the token).</summary>
    public int MaxIdentifiesPerDay { get; init; } = 100;

    /// <summary>Stop identifying while Discord's own remaining session starts are at or below this.</summary>
    public int IdentifyReserve { get; init; } = 10;

    /// <summary>Range of the random wait before identifying again after Invalid Session (d=false).</summary>
    public TimeSpan InvalidSessionWaitMin { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc cref="InvalidSessionWaitMin" />
    public TimeSpan InvalidSessionWaitMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Give up on a connection that sent no Hello within this time.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Give up on a connection attempt after this time.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Give up on a send that does not complete within this time (a stuck send means a dead connection).</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the peer's close before dropping the connection.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive failed connections after which a problem is reported.</summary>
    public int ReportAfterFailures { get; init; } = 5;

    /// <summary>Random numbers in [0, 1): heartbeat jitter, backoff jitter, the Invalid Session wait.</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;
}

/// <summary>Discord's session start budget from <c>GET /gateway/bot</c>.</summary>
/// <param name="Total">Identify allowed per period.</param>
/// <param name="Remaining">Identify left.</param>
/// <param name="ResetAfter">Until the budget resets.</param>
/// <param name="MaxConcurrency">Identify allowed per 5 s.</param>
public sealed record SessionStartLimit(int Total, int Remaining, TimeSpan ResetAfter, int MaxConcurrency);

/// <summary>
/// When to reconnect and whether an Identify may be spent. Resume is always preferred (it costs nothing); Identify
/// is rate limited (one per <see cref="DiscordGatewayTuning.IdentifyMinInterval"/>), capped per rolling 24 h, and
/// held back while Discord's own remaining budget is low. Failed connections back off exponentially with jitter.
/// Not thread-safe: the gateway loop owns it.
/// </summary>
internal sealed class GatewayReconnectPolicy(DiscordGatewayTuning tuning)
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private readonly Queue<DateTimeOffset> _identifies = new();
    private int _failures;

    /// <summary>Connections in a row that ended without a stable session.</summary>
    public int ConsecutiveFailures => _failures;

    /// <summary>Identify sent in the last 24 h (as of the last check).</summary>
    public int IdentifiesToday => _identifies.Count;

    /// <summary>The delay before the next connection, given how the last one went.</summary>
    public TimeSpan OnConnectionEnded(bool established, TimeSpan lasted)
    {
        if (established && lasted >= tuning.StableAfter)
        {
            _failures = 0;
            return TimeSpan.Zero;
        }
        _failures++;
        return Backoff(_failures);
    }

    /// <summary>The backoff for the <paramref name="failures"/>-th consecutive failure: base·2^(n−1), capped, times [0.5, 1).</summary>
    public TimeSpan Backoff(int failures)
    {
        if (failures <= 0 || tuning.BackoffBase <= TimeSpan.Zero)
            return TimeSpan.Zero;
        var exponent = Math.Min(failures - 1, 20);
        var raw = Math.Min(tuning.BackoffMax.TotalMilliseconds, tuning.BackoffBase.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(raw * (0.5 + (0.5 * Math.Clamp(tuning.Random(), 0, 1))));
    }

    /// <summary>The random wait after Invalid Session (d=false).</summary>
    public TimeSpan InvalidSessionWait()
    {
        var span = tuning.InvalidSessionWaitMax - tuning.InvalidSessionWaitMin;
        return tuning.InvalidSessionWaitMin + (span > TimeSpan.Zero ? span * Math.Clamp(tuning.Random(), 0, 1) : TimeSpan.Zero);
    }

    /// <summary>
    /// How long to wait before an Identify may be sent (zero: now), and why when not zero.
    /// </summary>
    public TimeSpan IdentifyWait(DateTimeOffset now, SessionStartLimit? discord, out string? reason)
    {
        while (_identifies.Count > 0 && _identifies.Peek() + Day <= now)
            _identifies.Dequeue();
        reason = null;
        var wait = TimeSpan.Zero;
        if (_identifies.Count >= tuning.MaxIdentifiesPerDay)
        {
            wait = _identifies.Peek() + Day - now;
            reason = $"{_identifies.Count} Identify in the last 24 h reached our cap of {tuning.MaxIdentifiesPerDay} (Discord resets the token after 1000)";
        }
        if (discord is { } limit && limit.Remaining <= tuning.IdentifyReserve && limit.ResetAfter > wait)
        {
            wait = limit.ResetAfter;
            reason = $"Discord reports only {limit.Remaining} of {limit.Total} session starts left";
        }
        if (_identifies.Count > 0)
        {
            var spacing = _identifies.Last() + tuning.IdentifyMinInterval - now;
            if (spacing > wait)
            {
                wait = spacing;
                reason ??= "spacing Identify calls";
            }
        }
        return wait;
    }

    /// <summary>Records an Identify sent at <paramref name="now"/>.</summary>
    public void RecordIdentify(DateTimeOffset now) => _identifies.Enqueue(now);
}
