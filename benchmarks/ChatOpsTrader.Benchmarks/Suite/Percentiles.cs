namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>Nearest-rank percentiles of a sorted sample.</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="q"/> quantile (0..1] of <paramref name="sorted"/> (ascending).</summary>
    public static double Of(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
            throw new ArgumentException("no samples", nameof(sorted));
        var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
