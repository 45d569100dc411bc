namespace ChatOpsTrader.Core.Risk;

/// <summary>
/// Every guardrail with its default (seeds' values where they give one). Bound from the <c>Risk</c> configuration
/// section; money in the account currency.
/// </summary>
public sealed record RiskLimits
{
    /// <summary>Max absolute position per symbol after the order. Seeds: 10.</summary>
    public decimal MaxPositionPerSymbol { get; init; } = 10m;

    /// <summary>Max notional of one order (quantity × price). Seeds: $50,000.</summary>
    public decimal MaxOrderNotional { get; init; } = 50_000m;

    /// <summary>Max distance of a limit or stop price from the last quote, in percent. Default 5%.</summary>
    public decimal PriceCollarPercent { get; init; } = 5m;

    /// <summary>Minimum time between two orders for one symbol. Seeds: 1 second.</summary>
    public TimeSpan MinOrderInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Max orders sent per trading day. Seeds: 100.</summary>
    public int MaxOrdersPerDay { get; init; } = 100;

    /// <summary>Symbols that may never be traded.</summary>
    public IReadOnlyList<string> BlockedSymbols { get; init; } = [];

    /// <summary>An order identical in content to one sent within this window is a duplicate. Default 10 s.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Max working orders at once (ours). Default 20.</summary>
    public int MaxWorkingOrders { get; init; } = 20;

    /// <summary>A quote older than this is stale: orders are refused (fail closed). Default 15 s.</summary>
    public TimeSpan QuoteMaxAge { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Daily loss limit, realized plus unrealized. Default $1,000.</summary>
    public decimal DailyLossLimit { get; init; } = 1_000m;

    /// <summary>Weekly loss limit, realized plus unrealized. Default $2,500.</summary>
    public decimal WeeklyLossLimit { get; init; } = 2_500m;

    /// <summary>Daily loss limit per strategy, realized plus unrealized. Default $500.</summary>
    public decimal StrategyDailyLossLimit { get; init; } = 500m;

    /// <summary>Fractions of a loss limit at which a warning is raised. Default 50% and 80%.</summary>
    public IReadOnlyList<decimal> LossWarningLevels { get; init; } = [0.5m, 0.8m];

    /// <summary>What a global loss-limit breach does until the next trading day. Default closing-only.</summary>
    public LossBreachAction LossBreachAction { get; init; } = LossBreachAction.Reduce;

    /// <summary>Drawdown from the equity high-water mark that trips the breaker (halt). Default $1,500.</summary>
    public decimal MaxDrawdown { get; init; } = 1_500m;

    /// <summary>Window of the runaway detector. Default 10 s.</summary>
    public TimeSpan RunawayWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Max new orders in the runaway window. Default 20.</summary>
    public int RunawayMaxOrders { get; init; } = 20;

    /// <summary>Max messages to the broker (orders and cancels) in the runaway window. Default 40.</summary>
    public int RunawayMaxMessages { get; init; } = 40;

    /// <summary>Identical orders within <see cref="RunawayIdenticalWindow"/> that count as a runaway. Default 5.</summary>
    public int RunawayIdenticalOrders { get; init; } = 5;

    /// <summary>Window for identical repeated orders. Default 60 s.</summary>
    public TimeSpan RunawayIdenticalWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The default limits.</summary>
    public static RiskLimits Default { get; } = new();

    /// <summary>Largest runaway order, message or identical-order count accepted (bounds the detector's memory).</summary>
    public const int MaxRunawayCount = 10_000;

    /// <summary>
    /// The problems with these limits, in words (empty when they are usable). A limit that would silently disable a
    /// guardrail (zero or negative money, windows, levels outside 0..1) is a problem.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
                problems.Add(problem);
        }

        var day = TimeSpan.FromDays(1);
        Require(MaxPositionPerSymbol > 0, $"{nameof(MaxPositionPerSymbol)} must be more than 0 (is {MaxPositionPerSymbol}).");
        Require(MaxOrderNotional > 0, $"{nameof(MaxOrderNotional)} must be more than 0 (is {MaxOrderNotional}).");
        Require(PriceCollarPercent > 0, $"{nameof(PriceCollarPercent)} must be more than 0 (is {PriceCollarPercent}).");
        Require(MinOrderInterval >= TimeSpan.Zero && MinOrderInterval <= day, $"{nameof(MinOrderInterval)} must be between 0 and 1 day (is {MinOrderInterval}).");
        Require(MaxOrdersPerDay >= 0, $"{nameof(MaxOrdersPerDay)} must be 0 or more (is {MaxOrdersPerDay}).");
        Require(BlockedSymbols is not null && BlockedSymbols.All(s => !string.IsNullOrWhiteSpace(s)), $"{nameof(BlockedSymbols)} must not contain empty entries.");
        Require(DuplicateWindow >= TimeSpan.Zero && DuplicateWindow <= day, $"{nameof(DuplicateWindow)} must be between 0 and 1 day (is {DuplicateWindow}).");
        Require(MaxWorkingOrders >= 0, $"{nameof(MaxWorkingOrders)} must be 0 or more (is {MaxWorkingOrders}).");
        Require(QuoteMaxAge > TimeSpan.Zero, $"{nameof(QuoteMaxAge)} must be more than 0 (is {QuoteMaxAge}).");
        Require(DailyLossLimit > 0, $"{nameof(DailyLossLimit)} must be more than 0 (is {DailyLossLimit}).");
        Require(WeeklyLossLimit > 0, $"{nameof(WeeklyLossLimit)} must be more than 0 (is {WeeklyLossLimit}).");
        Require(StrategyDailyLossLimit > 0, $"{nameof(StrategyDailyLossLimit)} must be more than 0 (is {StrategyDailyLossLimit}).");
        Require(LossWarningLevels is not null && LossWarningLevels.All(l => l > 0 && l < 1) && LossWarningLevels.Distinct().Count() == LossWarningLevels.Count,
            $"{nameof(LossWarningLevels)} must be distinct fractions between 0 and 1 (exclusive), e.g. 0.5 and 0.8.");
        Require(Enum.IsDefined(LossBreachAction), $"{nameof(LossBreachAction)} is not a known action ({LossBreachAction}).");
        Require(MaxDrawdown > 0, $"{nameof(MaxDrawdown)} must be more than 0 (is {MaxDrawdown}).");
        Require(RunawayWindow > TimeSpan.Zero && RunawayWindow <= day, $"{nameof(RunawayWindow)} must be more than 0 and at most 1 day (is {RunawayWindow}).");
        Require(RunawayMaxOrders is >= 1 and <= MaxRunawayCount, $"{nameof(RunawayMaxOrders)} must be between 1 and {MaxRunawayCount} (is {RunawayMaxOrders}).");
        Require(RunawayMaxMessages is >= 1 and <= MaxRunawayCount, $"{nameof(RunawayMaxMessages)} must be between 1 and {MaxRunawayCount} (is {RunawayMaxMessages}).");
        Require(RunawayIdenticalOrders is >= 2 and <= MaxRunawayCount, $"{nameof(RunawayIdenticalOrders)} must be between 2 and {MaxRunawayCount} (is {RunawayIdenticalOrders}).");
        Require(RunawayIdenticalWindow > TimeSpan.Zero && RunawayIdenticalWindow <= day, $"{nameof(RunawayIdenticalWindow)} must be more than 0 and at most 1 day (is {RunawayIdenticalWindow}).");
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every problem when the limits are not usable.</summary>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid risk limits: " + string.Join(" ", problems));
    }
}

/// <summary>What a global loss-limit breach does.</summary>
public enum LossBreachAction
{
    /// <summary>Closing-only until the next trading day; protective orders stay.</summary>
    Reduce,

    /// <summary>Halt: cancel every working order and refuse all orders until a person resumes.</summary>
    Halt,

    /// <summary>Cancel everything and close every position, then stay halted.</summary>
    Flatten,
}
