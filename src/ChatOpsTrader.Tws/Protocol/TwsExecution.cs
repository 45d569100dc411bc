namespace ChatOpsTrader.Tws.Protocol;

/// <summary>One execution (fill) as execDetails reports it.</summary>
public sealed record TwsExecution
{
    /// <summary>Execution id, also the key of the matching commissionReport. Corrections reuse the prefix with a new suffix.</summary>
    public required string ExecId { get; init; }

    /// <summary>Execution time as TWS formats it (<c>yyyyMMdd  HH:mm:ss</c>, possibly with a zone).</summary>
    public string Time { get; init; } = string.Empty;

    /// <summary>Account.</summary>
    public string AcctNumber { get; init; } = string.Empty;

    /// <summary>Exchange where it executed.</summary>
    public string Exchange { get; init; } = string.Empty;

    /// <summary><c>BOT</c> or <c>SLD</c>.</summary>
    public required string Side { get; init; }

    /// <summary>Shares in this execution.</summary>
    public decimal Shares { get; init; }

    /// <summary>Execution price.</summary>
    public decimal Price { get; init; }

    /// <summary>TWS's permanent order id.</summary>
    public long PermId { get; init; }

    /// <summary>Client id that placed the order.</summary>
    public int ClientId { get; init; }

    /// <summary>1 if this was a liquidation by IB.</summary>
    public int Liquidation { get; init; }

    /// <summary>Cumulative quantity of the order so far.</summary>
    public decimal CumQty { get; init; }

    /// <summary>Average price of the order so far.</summary>
    public decimal AvgPrice { get; init; }

    /// <summary>The order's orderRef.</summary>
    public string OrderRef { get; init; } = string.Empty;

    /// <summary>Economic value rule.</summary>
    public string EvRule { get; init; } = string.Empty;

    /// <summary>Economic value multiplier, null when unset.</summary>
    public decimal? EvMultiplier { get; init; }

    /// <summary>Model code.</summary>
    public string ModelCode { get; init; } = string.Empty;

    /// <summary>Liquidity flag (1 added, 2 removed, 3 routed out), 0 when unset.</summary>
    public int LastLiquidity { get; init; }

    /// <summary>True if the price may still be revised (server version ≥ 178).</summary>
    public bool PendingPriceRevision { get; init; }
}
