namespace ChatOpsTrader.Core.Risk;

/// <summary>Which loss limit an event or a status is about.</summary>
public enum LossScope
{
    /// <summary>The account's loss over the trading day.</summary>
    Daily,

    /// <summary>The account's loss over the trading week.</summary>
    Weekly,

    /// <summary>One strategy's loss over the trading day.</summary>
    StrategyDaily,
}

/// <summary>What a loss event is.</summary>
public enum LossEventKind
{
    /// <summary>The loss reached a warning level (a fraction of the limit).</summary>
    Warning,

    /// <summary>The loss reached the limit: apply <see cref="RiskLimits.LossBreachAction"/> (global) or pause the strategy.</summary>
    Breach,
}

/// <summary>A loss limit warning or breach, raised once per level, scope and period.</summary>
/// <param name="Scope">Daily, weekly or per strategy.</param>
/// <param name="Strategy">The strategy for <see cref="LossScope.StrategyDaily"/>, else null.</param>
/// <param name="Kind">Warning or breach.</param>
/// <param name="Level">The level reached as a fraction of the limit (e.g. 0.8); 1 for a breach.</param>
/// <param name="Loss">The loss (realized plus unrealized, positive money) when the level was reached.</param>
/// <param name="Limit">The limit.</param>
public readonly record struct LossLimitEvent(LossScope Scope, string? Strategy, LossEventKind Kind, decimal Level, decimal Loss, decimal Limit)
{
    /// <summary>When the level was reached (the time passed to <see cref="LossLimitMonitor.Evaluate"/>).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>What a person reads, e.g. <c>daily loss $812.40 is 81% of the $1,000.00 limit</c>.</summary>
    public string Describe()
    {
        var what = Scope switch
        {
            LossScope.Daily => "daily loss",
            LossScope.Weekly => "weekly loss",
            LossScope.StrategyDaily => $"strategy {Strategy} daily loss",
            _ => "loss",
        };
        var used = Limit > 0 ? RiskText.PercentDown(Loss / Limit) : "?%";
        return Kind == LossEventKind.Breach
            ? $"{what} {RiskText.Money(Loss)} breached the {RiskText.Money(Limit)} limit ({used})"
            : $"{what} {RiskText.Money(Loss)} is {used} of the {RiskText.Money(Limit)} limit";
    }

    /// <inheritdoc />
    public override string ToString() => Describe();
}

/// <summary>One loss limit's state for <c>/limits</c>.</summary>
/// <param name="Scope">Daily, weekly or per strategy.</param>
/// <param name="Strategy">The strategy for <see cref="LossScope.StrategyDaily"/>, else null.</param>
/// <param name="Loss">The last evaluated loss (positive money; 0 when in profit).</param>
/// <param name="Limit">The limit.</param>
/// <param name="RaisedLevel">The highest level already alerted this period (0 none, 1 breached).</param>
public readonly record struct LossScopeStatus(LossScope Scope, string? Strategy, decimal Loss, decimal Limit, decimal RaisedLevel)
{
    /// <summary>Loss as a fraction of the limit (1 = at the limit).</summary>
    public decimal UsedFraction => Limit > 0 ? Loss / Limit : 1m;

    /// <summary>Money that can still be lost before the limit (never negative).</summary>
    public decimal Headroom => Math.Max(0m, Limit - Loss);

    /// <summary>True once the limit was breached this period (even if the loss recovered since).</summary>
    public bool Breached => RaisedLevel >= 1m;
}

/// <summary>Every loss limit's state, from the last evaluation.</summary>
/// <param name="Daily">The account's daily loss limit.</param>
/// <param name="Weekly">The account's weekly loss limit.</param>
/// <param name="Strategies">Each strategy seen this trading day, by name.</param>
public sealed record LossLimitStatus(LossScopeStatus Daily, LossScopeStatus Weekly, IReadOnlyList<LossScopeStatus> Strategies);
