using System.Globalization;

namespace ChatOpsTrader.Core.Risk;

/// <summary>Number formatting shared by the risk messages (invariant culture).</summary>
internal static class RiskText
{
    /// <summary>Money with a dollar sign and cents, e.g. <c>$1,000.00</c> or <c>-$12.50</c>.</summary>
    public static string Money(decimal value) =>
        value < 0
            ? "-$" + (-value).ToString("#,0.00", CultureInfo.InvariantCulture)
            : "$" + value.ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>A window in seconds, e.g. <c>10 s</c> or <c>0.5 s</c>.</summary>
    public static string Seconds(TimeSpan span) => ((decimal)span.Ticks / TimeSpan.TicksPerSecond).ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>A whole percentage rounded down, e.g. <c>81%</c> for 0.8124.</summary>
    public static string PercentDown(decimal fraction) => Math.Floor(fraction * 100m).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A fraction as a percentage with up to two decimals, e.g. <c>50%</c> for 0.5.</summary>
    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>Plain number for the persisted state.</summary>
    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a number of the persisted state.</summary>
    public static decimal ParseNumber(string text, string what) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Risk state: '{text}' is not a number ({what}).");

    /// <summary>Parses a date of the persisted state (yyyy-MM-dd).</summary>
    public static DateOnly ParseDay(string text, string what) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"Risk state: '{text}' is not a date yyyy-MM-dd ({what}).");

    /// <summary>A date of the persisted state (yyyy-MM-dd).</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Splits a persisted state <c>v1;key=value;key=value</c> into its pairs after checking the version.
    /// Keys may repeat (returned in order).
    /// </summary>
    public static List<KeyValuePair<string, string>> ParseState(string state, string kind)
    {
        var parts = state.Trim().Split(';');
        if (parts[0] != "v1")
            throw new FormatException($"{kind} state: unknown format '{parts[0]}' (expected v1).");
        var pairs = new List<KeyValuePair<string, string>>(parts.Length - 1);
        for (var i = 1; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
                continue;
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new FormatException($"{kind} state: '{parts[i]}' is not key=value.");
            pairs.Add(new(parts[i][..eq], parts[i][(eq + 1)..]));
        }

        return pairs;
    }
}
