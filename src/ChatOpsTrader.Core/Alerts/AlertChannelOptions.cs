namespace ChatOpsTrader.Core.Alerts;

/// <summary>Routing, quiet hours and rate limit of one alert channel.</summary>
public sealed record AlertChannelOptions
{
    /// <summary>Creates the options of a channel.</summary>
    /// <param name="name">The channel name (<c>telegram</c>, <c>discord</c>, <c>log</c>).</param>
    /// <param name="severities">The severities routed to it.</param>
    public AlertChannelOptions(string name, params IReadOnlyCollection<Severity> severities)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(severities);
        Name = name;
        Severities = new HashSet<Severity>(severities);
    }

    /// <summary>The channel name.</summary>
    public string Name { get; }

    /// <summary>The severities routed to this channel (others may still arrive by failover or escalation).</summary>
    public IReadOnlySet<Severity> Severities { get; init; }

    /// <summary>Quiet hours in exchange time, or none (default).</summary>
    public QuietHours? QuietHours { get; init; }

    /// <summary>Token refill of the rate limit, in messages per minute (default 20, at least 1). SEV1 borrows beyond it.</summary>
    public int RatePerMinute { get; init; } = 20;

    /// <summary>Bucket size: how many messages may go out at once after a calm period (default 5, at least 1).</summary>
    public int Burst { get; init; } = 5;

    /// <summary>True when alerts of <paramref name="severity"/> are routed here.</summary>
    public bool Routes(Severity severity) => Severities.Contains(severity);
}
