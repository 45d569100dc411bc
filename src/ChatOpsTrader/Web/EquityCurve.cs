using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Host.Web;

/// <summary>The equity curve of the trading day for the chart: the engine's points (every 10 s) and the current P&amp;L.</summary>
/// <param name="TradingDay">The trading day (yyyy-MM-dd).</param>
/// <param name="Points">Time and P&amp;L of the day (realized plus unrealized), oldest first, at most <see cref="MaxPoints"/>.</param>
/// <param name="DailyLossLimit">The daily loss limit (positive money): the chart draws it at minus this.</param>
public sealed record EquityCurve(string TradingDay, IReadOnlyList<EquityPoint> Points, decimal DailyLossLimit)
{
    /// <summary>More points than this are thinned evenly (the first and the last are kept).</summary>
    public const int MaxPoints = 600;

    /// <summary>Builds the curve from the snapshot.</summary>
    public static EquityCurve From(EngineSnapshot s, RiskLimits limits)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(limits);
        var points = new List<EquityPoint>(s.EquityCurve);
        var now = new EquityPoint(s.Time, s.RealizedToday + s.Unrealized);
        if (points.Count == 0 || points[^1].Time < now.Time)
            points.Add(now);
        return new EquityCurve(s.TradingDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Thin(points, MaxPoints), limits.DailyLossLimit);
    }

    /// <summary>At most <paramref name="max"/> points, evenly spaced by index, keeping the first and the last.</summary>
    public static IReadOnlyList<EquityPoint> Thin(IReadOnlyList<EquityPoint> points, int max)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (points.Count <= max)
            return points;
        var result = new List<EquityPoint>(max);
        for (var i = 0; i < max; i++)
            result.Add(points[(int)Math.Round(i * (points.Count - 1) / (double)(max - 1))]);
        return result;
    }
}
