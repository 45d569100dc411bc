namespace ChatOpsTrader.Host.Drills;

/// <summary>Settings most drills share.</summary>
public static class DrillDefaults
{
    /// <summary>The demo strategy trading briskly, no random rejections, resume allowed at once with an override.</summary>
    public static IReadOnlyDictionary<string, string> Trading { get; } = new Dictionary<string, string>
    {
        ["Demo__Enabled"] = "true",
        ["Demo__IntervalSeconds"] = "0.5",
        ["Paper__RejectProbability"] = "0",
        ["Paper__TickIntervalMilliseconds"] = "100",
    };

    /// <summary><see cref="Trading"/> plus <paramref name="extra"/>.</summary>
    public static IReadOnlyDictionary<string, string> With(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>(Trading);
        foreach (var (key, value) in extra)
            settings[key] = value;
        return settings;
    }
}
