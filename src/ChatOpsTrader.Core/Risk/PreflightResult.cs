using System.Globalization;

namespace ChatOpsTrader.Core.Risk;

/// <summary>
/// The outcome of a pre-flight check. A value type so that an accepted order allocates nothing;
/// the message is only formatted when a rejection is reported.
/// </summary>
/// <param name="Rule">The rule that rejected the order, or <see cref="PreflightRule.None"/>.</param>
/// <param name="Actual">The order's value for that rule (e.g. its notional).</param>
/// <param name="Limit">The rule's limit.</param>
/// <param name="Detail">Optional extra words (symbol, strategy); keep null on hot paths.</param>
public readonly record struct PreflightResult(PreflightRule Rule, decimal Actual, decimal Limit, string? Detail = null)
{
    /// <summary>The passing result.</summary>
    public static PreflightResult Accepted => default;

    /// <summary>True when the order passed every rule.</summary>
    public bool IsAccepted => Rule == PreflightRule.None;

    /// <summary>Creates a rejection.</summary>
    public static PreflightResult Reject(PreflightRule rule, decimal actual, decimal limit, string? detail = null) => new(rule, actual, limit, detail);

    /// <summary>What a person reads: the rule, and both numbers.</summary>
    public string Describe()
    {
        if (IsAccepted)
            return "accepted";
        var name = Rule.Name();
        var a = Actual.ToString("0.##", CultureInfo.InvariantCulture);
        var l = Limit.ToString("0.##", CultureInfo.InvariantCulture);
        var money = Actual.ToString("#,0.00", CultureInfo.InvariantCulture);
        var moneyLimit = Limit.ToString("#,0.00", CultureInfo.InvariantCulture);
        var ms = Math.Round(Actual).ToString("0", CultureInfo.InvariantCulture);
        var text = Rule switch
        {
            PreflightRule.MaxOrderNotional => $"order notional ${money} exceeds the limit ${moneyLimit}",
            PreflightRule.MaxPosition => $"position after the order would be {a}, the limit is {l} per symbol",
            PreflightRule.PriceCollar => $"price is {a}% from the last quote, the collar is {l}%",
            PreflightRule.SymbolRate => $"last order for the symbol {ms} ms ago, the minimum interval is {l} ms",
            PreflightRule.DailyOrderCount => $"{a} orders sent today, the limit is {l}",
            PreflightRule.Duplicate => $"an identical order was sent {ms} ms ago, within the {l} ms duplicate window",
            PreflightRule.MaxWorkingOrders => $"{a} orders working, the limit is {l}",
            PreflightRule.StaleQuote => $"last quote is {ms} ms old, the maximum age is {l} ms",
            PreflightRule.MissingQuote => "no quote received for the symbol",
            PreflightRule.Halted => "trading is halted",
            PreflightRule.ClosingOnly => "closing-only: the order would increase the position",
            PreflightRule.BrokerDisconnected => "the broker is disconnected; new risk is refused",
            PreflightRule.SymbolBlocked => "the symbol is on the blocklist",
            PreflightRule.StrategyPaused => "the strategy is paused",
            PreflightRule.InvalidOrder => "the order is invalid",
            _ => $"{a} vs limit {l}",
        };
        return Detail is null ? $"{name}: {text}" : $"{name}: {text} ({Detail})";
    }

    /// <inheritdoc />
    public override string ToString() => Describe();
}
