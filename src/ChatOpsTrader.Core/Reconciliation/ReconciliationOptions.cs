namespace ChatOpsTrader.Core.Reconciliation;

/// <summary>Tolerances of a reconciliation.</summary>
public sealed record ReconciliationOptions
{
    /// <summary>The default options.</summary>
    public static ReconciliationOptions Default { get; } = new();

    /// <summary>Largest absolute quantity difference still counted as a match (default 0: exact).</summary>
    public decimal QuantityTolerance { get; init; }

    /// <summary>Largest difference of average cost, in percent of the broker's, still counted as a match (default 0.5).</summary>
    public decimal PriceTolerancePercent { get; init; } = 0.5m;

    /// <summary>
    /// Our working orders younger than this (by <c>CreatedAt</c>, against the snapshot time) are not reported
    /// missing at the broker: the broker may not have acknowledged them yet (default 5 seconds).
    /// </summary>
    public TimeSpan OrderGracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
