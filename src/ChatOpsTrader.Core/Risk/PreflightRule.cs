namespace ChatOpsTrader.Core.Risk;

/// <summary>The pre-flight rules. Each rejection names one of these with the numbers.</summary>
public enum PreflightRule
{
    /// <summary>No rule: the order passed.</summary>
    None,

    /// <summary>The order itself is malformed (quantity, prices, symbol).</summary>
    InvalidOrder,

    /// <summary>Trading is halted.</summary>
    Halted,

    /// <summary>Closing-only: the order would add risk.</summary>
    ClosingOnly,

    /// <summary>The broker is disconnected: new risk is refused (fail closed).</summary>
    BrokerDisconnected,

    /// <summary>The symbol is on the blocklist.</summary>
    SymbolBlocked,

    /// <summary>The owning strategy is paused or hit its own loss limit.</summary>
    StrategyPaused,

    /// <summary>No quote for the symbol (fail closed).</summary>
    MissingQuote,

    /// <summary>The last quote is older than the allowed age (fail closed).</summary>
    StaleQuote,

    /// <summary>Position after the order would exceed the per-symbol maximum.</summary>
    MaxPosition,

    /// <summary>The order's notional exceeds the maximum.</summary>
    MaxOrderNotional,

    /// <summary>Limit or stop price too far from the last quote.</summary>
    PriceCollar,

    /// <summary>An order for the same symbol was sent less than the minimum interval ago.</summary>
    SymbolRate,

    /// <summary>The daily order count is used up.</summary>
    DailyOrderCount,

    /// <summary>An order with identical content was sent within the duplicate window.</summary>
    Duplicate,

    /// <summary>Too many working orders.</summary>
    MaxWorkingOrders,
}

/// <summary>Stable names of the rules, as they appear in replies, alerts and the journal.</summary>
public static class PreflightRuleNames
{
    /// <summary>The kebab-case name of a rule, e.g. <c>max-order-notional</c>.</summary>
    public static string Name(this PreflightRule rule) => rule switch
    {
        PreflightRule.None => "none",
        PreflightRule.InvalidOrder => "invalid-order",
        PreflightRule.Halted => "halted",
        PreflightRule.ClosingOnly => "closing-only",
        PreflightRule.BrokerDisconnected => "broker-disconnected",
        PreflightRule.SymbolBlocked => "symbol-blocked",
        PreflightRule.StrategyPaused => "strategy-paused",
        PreflightRule.MissingQuote => "missing-quote",
        PreflightRule.StaleQuote => "stale-quote",
        PreflightRule.MaxPosition => "max-position",
        PreflightRule.MaxOrderNotional => "max-order-notional",
        PreflightRule.PriceCollar => "price-collar",
        PreflightRule.SymbolRate => "symbol-rate",
        PreflightRule.DailyOrderCount => "daily-order-count",
        PreflightRule.Duplicate => "duplicate",
        PreflightRule.MaxWorkingOrders => "max-working-orders",
        _ => rule.ToString(),
    };
}
