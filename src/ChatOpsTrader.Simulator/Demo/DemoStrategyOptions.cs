namespace ChatOpsTrader.Simulator.Demo;

/// <summary>Settings of the <see cref="DemoStrategy"/>.</summary>
public sealed record DemoStrategyOptions
{
    /// <summary>True to trade. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Symbols it trades. Default the paper exchange's default universe.</summary>
    public IReadOnlyList<string> Symbols { get; init; } = ["AAPL", "MSFT", "NVDA", "SPY", "TSLA"];

    /// <summary>Time between two decisions. Default 3 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Smallest entry quantity. Default 1.</summary>
    public int MinQuantity { get; init; } = 1;

    /// <summary>Largest entry quantity. Default 5.</summary>
    public int MaxQuantity { get; init; } = 5;

    /// <summary>Nearest bracket distance from the entry, in percent. Default 0.2 (brackets resolve in about ten seconds).</summary>
    public decimal MinBracketPercent { get; init; } = 0.2m;

    /// <summary>Farthest bracket distance from the entry, in percent. Default 0.4.</summary>
    public decimal MaxBracketPercent { get; init; } = 0.4m;

    /// <summary>One decision in this many (and the third) deliberately sends an order the safety core should refuse (0 never). Default 8.</summary>
    public int RejectDemoEvery { get; init; } = 8;

    /// <summary>Quantity of the deliberately oversized order (beyond the seeds' max position of 10). Default 20.</summary>
    public int OversizedQuantity { get; init; } = 20;

    /// <summary>A repeat of the last order is only sent this soon after it (the duplicate window of the seeds is 10 s). Default 8 s.</summary>
    public TimeSpan RepeatWithin { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Quotes older than this are not traded on. Default 10 s.</summary>
    public TimeSpan MaxQuoteAge { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After a refusal because of the trading state (halted, closing-only, paused, disconnected, daily count), wait this long. Default 30 s.</summary>
    public TimeSpan BackoffAfterStateRefusal { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(Symbols is { Count: > 0 } && Symbols.All(s => !string.IsNullOrWhiteSpace(s)), nameof(Symbols), "must name at least one symbol");
        Check(Interval > TimeSpan.Zero, nameof(Interval), "must be positive");
        Check(MinQuantity >= 1 && MaxQuantity >= MinQuantity, nameof(MaxQuantity), "needs 1 <= MinQuantity <= MaxQuantity");
        Check(MinBracketPercent > 0 && MaxBracketPercent >= MinBracketPercent && MaxBracketPercent < 50, nameof(MaxBracketPercent), "needs 0 < MinBracketPercent <= MaxBracketPercent < 50");
        Check(RejectDemoEvery >= 0, nameof(RejectDemoEvery), "must not be negative");
        Check(OversizedQuantity > 0, nameof(OversizedQuantity), "must be positive");
        Check(RepeatWithin >= TimeSpan.Zero && MaxQuoteAge > TimeSpan.Zero && BackoffAfterStateRefusal >= TimeSpan.Zero, nameof(MaxQuoteAge), "durations must not be negative");
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
            throw new ArgumentException($"DemoStrategy: {name} {rule}.", name);
    }
}
