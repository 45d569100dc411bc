using System.Globalization;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Core.Risk;

/// <summary>How much margin room the account has left.</summary>
public enum MarginLevel
{
    /// <summary>The cushion is above the warning level.</summary>
    Ok,

    /// <summary>The cushion is below the warning level: alert (SEV2).</summary>
    Low,

    /// <summary>The cushion is below the critical level, or the account has no positive net liquidation: closing-only (SEV1).</summary>
    Critical,
}

/// <summary>The cushion levels (fractions of net liquidation: 0.10 = 10%).</summary>
/// <param name="WarnCushion">Below this cushion the account is <see cref="MarginLevel.Low"/> (default 10%).</param>
/// <param name="CriticalCushion">Below this cushion it is <see cref="MarginLevel.Critical"/> (default 5%).</param>
/// <param name="Hysteresis">A level is left only when the cushion is this much above its threshold (default 2 points), so a cushion hovering at a threshold alerts once.</param>
public sealed record MarginThresholds(decimal WarnCushion = 0.10m, decimal CriticalCushion = 0.05m, decimal Hysteresis = 0.02m)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the value when the levels make no sense.</summary>
    public void EnsureValid()
    {
        if (WarnCushion is <= 0 or > 1)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The warning cushion must be above 0% and at most 100% (got {MarginChange.Percent(WarnCushion)})."), nameof(WarnCushion));
        if (CriticalCushion < 0 || CriticalCushion >= WarnCushion)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The critical cushion must be at least 0% and below the warning cushion {MarginChange.Percent(WarnCushion)} (got {MarginChange.Percent(CriticalCushion)})."), nameof(CriticalCushion));
        if (Hysteresis is < 0 or > 0.5m)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The hysteresis must be between 0 and 50 points (got {MarginChange.Percent(Hysteresis)})."), nameof(Hysteresis));
    }
}

/// <summary>A change of margin level, with the values that caused it.</summary>
/// <param name="Previous">The level before.</param>
/// <param name="Current">The level now.</param>
/// <param name="Values">The account values that were evaluated.</param>
/// <param name="Thresholds">The levels in force.</param>
public sealed record MarginChange(MarginLevel Previous, MarginLevel Current, AccountValuesReceived Values, MarginThresholds Thresholds)
{
    /// <summary>True when the account got closer to liquidation.</summary>
    public bool IsWorse => Current > Previous;

    /// <summary>The facts in plain language: cushion, net liquidation, excess liquidity, maintenance margin and the levels.</summary>
    public string Describe()
    {
        var cushion = Values.Cushion is { } c ? Percent(c) : "n/a (net liquidation not positive)";
        return string.Create(CultureInfo.InvariantCulture,
            $"Margin cushion {cushion}: net liquidation {Values.NetLiquidation:N2}, excess liquidity {Values.ExcessLiquidity:N2}, maintenance margin {Values.MaintenanceMargin:N2}. Levels: warning below {Percent(Thresholds.WarnCushion)}, critical below {Percent(Thresholds.CriticalCushion)}.");
    }

    /// <summary>0.0812 → <c>8.1%</c>.</summary>
    public static string Percent(decimal fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100m:0.0}%");
}

/// <summary>
/// The margin cushion watch (seeds: "IB will liquidate positions automatically if margin requirements aren't met").
/// Pure: each report of account values is compared with the thresholds; a change of level is returned once, when
/// the cushion crosses a threshold. Going down is immediate; going back up needs the cushion to clear the threshold by
/// the hysteresis, so a cushion hovering around a level raises one alert, not one per report.
/// </summary>
public sealed class MarginMonitor
{
    /// <summary>Creates a monitor starting at <paramref name="initial"/> (e.g. Critical when the account was left closing-only for margin).</summary>
    public MarginMonitor(MarginThresholds thresholds, MarginLevel initial = MarginLevel.Ok)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        thresholds.EnsureValid();
        Thresholds = thresholds;
        Level = initial;
    }

    /// <summary>The levels in force.</summary>
    public MarginThresholds Thresholds { get; }

    /// <summary>The current level.</summary>
    public MarginLevel Level { get; private set; }

    /// <summary>The last values evaluated, or null.</summary>
    public AccountValuesReceived? Last { get; private set; }

    /// <summary>Evaluates a report; returns the change of level, or null when the level stays.</summary>
    public MarginChange? Evaluate(AccountValuesReceived values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Last = values;
        var next = Next(values.Cushion);
        if (next == Level)
            return null;
        var change = new MarginChange(Level, next, values, Thresholds);
        Level = next;
        return change;
    }

    private MarginLevel Next(decimal? cushion)
    {
        if (cushion is not { } c)
            return MarginLevel.Critical;
        var raw = c < Thresholds.CriticalCushion ? MarginLevel.Critical : c < Thresholds.WarnCushion ? MarginLevel.Low : MarginLevel.Ok;
        if (raw >= Level)
            return raw;

        // Improving: leave a level only past its threshold plus the hysteresis.
        if (c >= Thresholds.WarnCushion + Thresholds.Hysteresis)
            return MarginLevel.Ok;
        if (Level == MarginLevel.Critical && c >= Thresholds.CriticalCushion + Thresholds.Hysteresis)
            return MarginLevel.Low;
        return Level;
    }
}
