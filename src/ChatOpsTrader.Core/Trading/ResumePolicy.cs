namespace ChatOpsTrader.Core.Trading;

/// <summary>
/// When a halt may be lifted and how the staged resume proceeds. Seeds: "wait at least 30 minutes",
/// "do not resume trading the same day", "resume in stages (restricted, cautious, normal)".
/// </summary>
public sealed record ResumePolicy
{
    /// <summary>Minimum time a halt stays before it may be lifted without an override. Default 30 minutes.</summary>
    public TimeSpan MinimumHaltDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>When true (default), a halt cannot be lifted on the trading day it happened without an override.</summary>
    public bool BlockSameTradingDay { get; init; } = true;

    /// <summary>Time in <see cref="TradingState.Restricted"/> before moving to Cautious on its own. Default 15 minutes.</summary>
    public TimeSpan RestrictedDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Time in <see cref="TradingState.Cautious"/> before moving to Active on its own. Default 30 minutes.</summary>
    public TimeSpan CautiousDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Size factor applied to position and notional limits in Restricted. Default 0.25.</summary>
    public decimal RestrictedSizeFactor { get; init; } = 0.25m;

    /// <summary>Size factor applied to position and notional limits in Cautious. Default 0.5.</summary>
    public decimal CautiousSizeFactor { get; init; } = 0.5m;

    /// <summary>The default policy.</summary>
    public static ResumePolicy Default { get; } = new();
}
