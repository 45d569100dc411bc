using System.Globalization;

namespace ChatOpsTrader.Core.Risk;

/// <summary>
/// A limit a person may change at run time with <c>/limits set &lt;name&gt; &lt;value&gt;</c>. For every one of these a
/// higher value is looser: raising needs a confirmation, lowering applies at once.
/// </summary>
/// <param name="Name">The name typed in chat, e.g. <c>daily-loss</c>.</param>
/// <param name="Description">What it limits.</param>
/// <param name="Get">Reads the value from limits.</param>
/// <param name="Set">Returns limits with the value replaced.</param>
/// <param name="Minimum">Smallest accepted value.</param>
/// <param name="Maximum">Largest accepted value.</param>
/// <param name="WholeNumber">True when only whole numbers make sense.</param>
public sealed record LimitSetting(string Name, string Description, Func<RiskLimits, decimal> Get, Func<RiskLimits, decimal, RiskLimits> Set, decimal Minimum, decimal Maximum, bool WholeNumber = false)
{
    /// <summary>Every limit that can be changed at run time.</summary>
    public static IReadOnlyList<LimitSetting> All { get; } =
    [
        new("daily-loss", "daily loss limit ($, unrealized included)", l => l.DailyLossLimit, (l, v) => l with { DailyLossLimit = v }, 1m, 10_000_000m),
        new("weekly-loss", "weekly loss limit ($, unrealized included)", l => l.WeeklyLossLimit, (l, v) => l with { WeeklyLossLimit = v }, 1m, 10_000_000m),
        new("strategy-daily-loss", "daily loss limit per strategy ($)", l => l.StrategyDailyLossLimit, (l, v) => l with { StrategyDailyLossLimit = v }, 1m, 10_000_000m),
        new("max-drawdown", "drawdown breaker from the high-water mark ($)", l => l.MaxDrawdown, (l, v) => l with { MaxDrawdown = v }, 1m, 10_000_000m),
        new("max-position", "max position per symbol", l => l.MaxPositionPerSymbol, (l, v) => l with { MaxPositionPerSymbol = v }, 1m, 1_000_000m),
        new("max-notional", "max order notional ($)", l => l.MaxOrderNotional, (l, v) => l with { MaxOrderNotional = v }, 1m, 100_000_000m),
        new("orders-per-day", "orders per trading day", l => l.MaxOrdersPerDay, (l, v) => l with { MaxOrdersPerDay = (int)v }, 1m, 100_000m, WholeNumber: true),
        new("max-working-orders", "max working orders", l => l.MaxWorkingOrders, (l, v) => l with { MaxWorkingOrders = (int)v }, 1m, 10_000m, WholeNumber: true),
        new("price-collar", "price collar (% from the last quote)", l => l.PriceCollarPercent, (l, v) => l with { PriceCollarPercent = v }, 0.1m, 50m),
    ];

    /// <summary>Finds a setting by name (case-insensitive).</summary>
    public static LimitSetting? Find(string name) => All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses and checks a value; returns an error text or null.</summary>
    public string? Validate(string text, out decimal value)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            return $"'{text}' is not a number (use digits and an optional '.').";
        if (WholeNumber && value != decimal.Truncate(value))
            return $"{Name} must be a whole number.";
        if (value < Minimum || value > Maximum)
            return string.Create(CultureInfo.InvariantCulture, $"{Name} must be between {Minimum} and {Maximum}.");
        return null;
    }

    /// <summary>Serializes overrides as <c>name=value;…</c>.</summary>
    public static string Export(IReadOnlyDictionary<string, decimal> overrides) =>
        string.Join(';', overrides.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")));

    /// <summary>Reads overrides written by <see cref="Export"/>; unknown names and bad values throw (do not trade on a guess).</summary>
    public static Dictionary<string, decimal> Import(string? text)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
            return result;
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var setting = eq > 0 ? Find(part[..eq]) : null;
            if (setting is null || setting.Validate(part[(eq + 1)..], out var value) is not null)
                throw new FormatException($"Stored limit override '{part}' is not valid.");
            result[setting.Name] = value;
        }
        return result;
    }
}
