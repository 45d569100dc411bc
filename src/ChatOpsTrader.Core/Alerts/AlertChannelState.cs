namespace ChatOpsTrader.Core.Alerts;

/// <summary>What the <see cref="AlertPolicy"/> knows about one channel: its bucket, what it holds back, its health.</summary>
internal sealed class AlertChannelState(AlertChannelOptions options, DateTimeOffset now)
{
    public AlertChannelOptions Options { get; } = options;

    public string Name => Options.Name;

    public TokenBucket Bucket { get; } = new(options.RatePerMinute, options.Burst, now);

    /// <summary>Held alerts, one fold per key, in the order their keys were first held.</summary>
    public OrderedDictionary<string, AlertFold> Held { get; } = new(StringComparer.Ordinal);

    public HoldReasons HeldBecause { get; set; }

    public int ConsecutiveFailures { get; set; }

    public bool IsDown { get; set; }

    public DateTimeOffset? DownSince { get; set; }

    public DateTimeOffset LastProbe { get; set; }

    public int HeldCount => Held.Values.Sum(f => f.Count);

    public void Hold(AlertFold fold, HoldReasons why)
    {
        Held[fold.Key] = Held.TryGetValue(fold.Key, out var existing) ? existing.Merge(fold) : fold;
        HeldBecause |= why;
    }

    public List<AlertFold> TakeHeld(Func<AlertFold, bool> which)
    {
        var taken = Held.Values.Where(which).ToList();
        foreach (var fold in taken)
            Held.Remove(fold.Key);
        if (Held.Count == 0)
            HeldBecause = HoldReasons.None;
        return taken;
    }
}
