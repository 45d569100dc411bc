namespace ChatOpsTrader.Core.Alerts;

/// <summary>Settings of the <see cref="AlertPolicy"/>.</summary>
public sealed record AlertPolicyOptions
{
    /// <summary>The defaults: Telegram and Discord get SEV1–SEV3, the log gets everything.</summary>
    public static AlertPolicyOptions Default { get; } = new();

    /// <summary>
    /// The channels, in the order dispatches are produced (default: <c>telegram</c> and <c>discord</c> with SEV1–SEV3 at
    /// 20/min (burst 5), <c>log</c> with SEV1–SEV4 at 600/min (burst 100)).
    /// </summary>
    public IReadOnlyList<AlertChannelOptions> Channels { get; init; } =
    [
        new("telegram", Severity.Sev1, Severity.Sev2, Severity.Sev3),
        new("discord", Severity.Sev1, Severity.Sev2, Severity.Sev3),
        new("log", Severity.Sev1, Severity.Sev2, Severity.Sev3, Severity.Sev4) { RatePerMinute = 600, Burst = 100 },
    ];

    /// <summary>Dedup window per key (default 2 minutes): the first alert goes out at once, the rest are folded until it closes.</summary>
    public TimeSpan DedupWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Other windows for keys starting with a prefix (e.g. <c>reject:</c> → 5 minutes); the longest matching prefix
    /// wins. Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> DedupWindowByPrefix { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>An unacknowledged SEV1 is repeated on the same channels after this long (default 5 minutes).</summary>
    public TimeSpan EscalateAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>…and sent to every channel this long after the repeat (default 10 minutes).</summary>
    public TimeSpan EscalateEverywhereAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Consecutive failed deliveries after which a channel counts as down (default 3, at least 1).</summary>
    public int FailuresBeforeDown { get; init; } = 3;

    /// <summary>How often a down channel is sent a check message (default 1 minute).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The dedup window of a key.</summary>
    public TimeSpan WindowFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var best = -1;
        var window = DedupWindow;
        foreach (var (prefix, value) in DedupWindowByPrefix)
        {
            if (prefix.Length > best && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                best = prefix.Length;
                window = value;
            }
        }
        return window;
    }

    /// <summary>The first invalid setting, in words naming it, or null when every setting is valid.</summary>
    public string? Validate()
    {
        if (Channels is null || Channels.Count == 0)
            return "Channels: at least one alert channel is required.";
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in Channels)
        {
            if (!names.Add(channel.Name))
                return $"Channels: '{channel.Name}' is configured twice.";
            if (channel.RatePerMinute < 1)
                return $"Channels[{channel.Name}].RatePerMinute must be at least 1.";
            if (channel.Burst < 1)
                return $"Channels[{channel.Name}].Burst must be at least 1.";
            if (channel.QuietHours is { } quiet && quiet.Start == quiet.End)
                return $"Channels[{channel.Name}].QuietHours must not start and end at the same time.";
        }
        foreach (var severity in Enum.GetValues<Severity>())
        {
            if (!Channels.Any(c => c.Routes(severity)))
                return $"Channels: no channel gets SEV{(int)severity} alerts; route every severity somewhere (the log at least).";
        }
        if (DedupWindow <= TimeSpan.Zero)
            return "DedupWindow must be positive.";
        foreach (var (prefix, value) in DedupWindowByPrefix)
        {
            if (value <= TimeSpan.Zero)
                return $"DedupWindowByPrefix[{prefix}] must be positive.";
        }
        if (EscalateAfter <= TimeSpan.Zero)
            return "EscalateAfter must be positive.";
        if (EscalateEverywhereAfter <= TimeSpan.Zero)
            return "EscalateEverywhereAfter must be positive.";
        if (ProbeInterval <= TimeSpan.Zero)
            return "ProbeInterval must be positive.";
        return FailuresBeforeDown < 1 ? "FailuresBeforeDown must be at least 1." : null;
    }
}
