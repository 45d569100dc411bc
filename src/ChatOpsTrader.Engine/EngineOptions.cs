using ChatOpsTrader.Core.Reconciliation;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Engine;

/// <summary>Everything the engine needs besides its ports.</summary>
public sealed record EngineOptions
{
    /// <summary>Risk limits.</summary>
    public RiskLimits Limits { get; init; } = RiskLimits.Default;

    /// <summary>Resume policy.</summary>
    public ResumePolicy ResumePolicy { get; init; } = ResumePolicy.Default;

    /// <summary>Trading calendar (exchange time zone, day start, holidays).</summary>
    public TradingCalendar Calendar { get; init; } = TradingCalendar.NewYork();

    /// <summary>Reconciliation tolerances.</summary>
    public ReconciliationOptions Reconciliation { get; init; } = new();

    /// <summary>Symbols to subscribe quotes for at start.</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    /// <summary>Max messages per second sent to the broker while flattening (TWS allows 50; we keep headroom).</summary>
    public int FlattenMessagesPerSecond { get; init; } = 40;

    /// <summary>How long <c>/flatten</c> waits for the broker to report flat before replying with progress.</summary>
    public TimeSpan FlattenTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// During market hours, a traded symbol (position or working order) without a quote for this long makes the account
    /// closing-only until data is confirmed again. Default 60 s.
    /// </summary>
    public TimeSpan DataFeedStaleAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>During market hours, a strategy silent (no order intent) for this long is alerted once per silence. Null: off.</summary>
    public TimeSpan? NoSignalAfter { get; init; }

    /// <summary>A position open longer than this is alerted once (seeds: "position stuck past max_hold_days"). Null: off.</summary>
    public TimeSpan? MaxHoldTime { get; init; }

    /// <summary>
    /// Margin cushion levels checked on every <see cref="Core.Ports.AccountValuesReceived"/> (default: warning below 10%,
    /// critical below 5%, 2 points of hysteresis). Null: off.
    /// </summary>
    public MarginThresholds? Margin { get; init; } = new();

    /// <summary>A fill of ours worse than its expected price by more than this many basis points is alerted (seed 001). Null: off.</summary>
    public decimal? MaxSlippageBps { get; init; }

    /// <summary>Max inputs decided and committed together (group commit).</summary>
    public int MaxBatch { get; init; } = 256;
}
