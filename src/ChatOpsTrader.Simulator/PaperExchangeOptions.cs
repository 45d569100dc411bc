namespace ChatOpsTrader.Simulator;

/// <summary>Settings of the <see cref="PaperExchange"/>. Defaults make a lively demo: brackets 0.3–0.6% away trigger within ~10–40 s.</summary>
public sealed record PaperExchangeOptions
{
    /// <summary>The default universe and start prices.</summary>
    public static IReadOnlyDictionary<string, decimal> DefaultSymbols { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["AAPL"] = 190m,
        ["MSFT"] = 410m,
        ["NVDA"] = 125m,
        ["SPY"] = 560m,
        ["TSLA"] = 240m,
    };

    /// <summary>Tradable symbols and their start prices (used when no state file holds a price).</summary>
    public IReadOnlyDictionary<string, decimal> Symbols { get; init; } = DefaultSymbols;

    /// <summary>Time between two quote ticks (and matching passes). Default 250 ms.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Largest relative move of the mid in one tick. Each tick moves the mid by a uniform random fraction in
    /// [-v, +v] (standard deviation v/√3). Default 0.0008 (0.08%).
    /// </summary>
    public double TickVolatility { get; init; } = 0.0008;

    /// <summary>
    /// Pull of the log price back towards its anchor per tick (0 disables). Default 0.00005: negligible over a minute,
    /// a half-life of about an hour, so prices stay within roughly ±10% of the start price however long it runs.
    /// </summary>
    public double MeanReversionPerTick { get; init; } = 0.00005;

    /// <summary>Spread as a fraction of the mid, rounded to cents. Default 0.00004 (1–2 cents at these prices).</summary>
    public decimal SpreadFraction { get; init; } = 0.00004m;

    /// <summary>Smallest spread. Default 0.01.</summary>
    public decimal MinSpread { get; init; } = 0.01m;

    /// <summary>Probability that a new (parent) order is rejected with a random reason. Default 0.03. Not applied to <see cref="PaperExchange.PlaceExternalOrder"/>.</summary>
    public double RejectProbability { get; init; } = 0.03;

    /// <summary>Probability that an order of more than one share fills in 2–3 chunks on successive ticks. Default 0.3.</summary>
    public double PartialFillProbability { get; init; } = 0.3;

    /// <summary>The paper account id. Default DU0000001.</summary>
    public string AccountId { get; init; } = "DU0000001";

    /// <summary>Cash of a new account. Default 100,000.</summary>
    public decimal StartingCash { get; init; } = 100_000m;

    /// <summary>Gross position value allowed per unit of net liquidation; orders that add exposure beyond it are rejected (201 insufficient margin). Default 4.</summary>
    public decimal Leverage { get; init; } = 4m;

    /// <summary>Commission per share. Default 0.005.</summary>
    public decimal CommissionPerShare { get; init; } = 0.005m;

    /// <summary>Minimum commission per execution. Default 1.00.</summary>
    public decimal MinCommission { get; init; } = 1m;

    /// <summary>Maximum commission as a percentage of the execution's value. Default 1 (%).</summary>
    public decimal MaxCommissionPercent { get; init; } = 1m;

    /// <summary>Where the exchange keeps its state between runs; null keeps everything in memory.</summary>
    public string? StateFilePath { get; init; }

    /// <summary>How often a state change made only of quotes is written. Orders and fills are written at once. Default 5 s.</summary>
    public TimeSpan QuoteSaveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most ticks replayed when loading a state file. Default 100,000 (about 7 hours at 250 ms).</summary>
    public int MaxCatchUpSteps { get; init; } = 100_000;

    /// <summary>Longest span replayed when loading a state file. Default one day.</summary>
    public TimeSpan MaxCatchUpSpan { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Executions kept in memory (snapshots, look-ups). Default 5,000.</summary>
    public int MaxRetainedExecutions { get; init; } = 5_000;

    /// <summary>
    /// The newest executions written to the state file (it is rewritten on every order change, so it stays small).
    /// After a restart the snapshot holds these plus those replayed while the process was down. Default 500.
    /// </summary>
    public int MaxPersistedExecutions { get; init; } = 500;

    /// <summary>Executions older than this are dropped. Default 3 days.</summary>
    public TimeSpan ExecutionRetention { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Finished (filled, cancelled, rejected) orders kept for look-ups. Default 500.</summary>
    public int MaxRetainedFinishedOrders { get; init; } = 500;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Symbols is null || Symbols.Count == 0)
            throw new ArgumentException("PaperExchange: Symbols must name at least one symbol.", nameof(Symbols));
        foreach (var (symbol, price) in Symbols)
        {
            if (string.IsNullOrWhiteSpace(symbol))
                throw new ArgumentException("PaperExchange: Symbols contains an empty symbol.", nameof(Symbols));
            if (price <= 0)
                throw new ArgumentException($"PaperExchange: start price of {symbol} must be positive, was {price}.", nameof(Symbols));
        }

        Check(TickInterval > TimeSpan.Zero, nameof(TickInterval), "must be positive");
        Check(TickVolatility is >= 0 and < 0.1, nameof(TickVolatility), "must be in [0, 0.1)");
        Check(MeanReversionPerTick is >= 0 and < 1, nameof(MeanReversionPerTick), "must be in [0, 1)");
        Check(SpreadFraction >= 0 && SpreadFraction < 0.1m, nameof(SpreadFraction), "must be in [0, 0.1)");
        Check(MinSpread > 0, nameof(MinSpread), "must be positive");
        Check(RejectProbability is >= 0 and <= 1, nameof(RejectProbability), "must be in [0, 1]");
        Check(PartialFillProbability is >= 0 and <= 1, nameof(PartialFillProbability), "must be in [0, 1]");
        Check(!string.IsNullOrWhiteSpace(AccountId), nameof(AccountId), "must not be empty");
        Check(StartingCash >= 0, nameof(StartingCash), "must not be negative");
        Check(Leverage > 0, nameof(Leverage), "must be positive");
        Check(CommissionPerShare >= 0 && MinCommission >= 0 && MaxCommissionPercent >= 0, nameof(CommissionPerShare), "commission settings must not be negative");
        Check(StateFilePath is null || StateFilePath.Trim().Length > 0, nameof(StateFilePath), "must be null or a path");
        Check(QuoteSaveInterval >= TimeSpan.Zero, nameof(QuoteSaveInterval), "must not be negative");
        Check(MaxCatchUpSteps >= 0, nameof(MaxCatchUpSteps), "must not be negative");
        Check(MaxCatchUpSpan >= TimeSpan.Zero, nameof(MaxCatchUpSpan), "must not be negative");
        Check(MaxRetainedExecutions > 0, nameof(MaxRetainedExecutions), "must be positive");
        Check(MaxPersistedExecutions >= 0, nameof(MaxPersistedExecutions), "must not be negative");
        Check(ExecutionRetention > TimeSpan.Zero, nameof(ExecutionRetention), "must be positive");
        Check(MaxRetainedFinishedOrders >= 0, nameof(MaxRetainedFinishedOrders), "must not be negative");
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
            throw new ArgumentException($"PaperExchange: {name} {rule}.", name);
    }
}
