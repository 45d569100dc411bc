namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqExecutions' filter. Empty strings and client id 0 match everything.</summary>
public sealed record TwsExecutionFilter
{
    /// <summary>Only this client id's executions; 0 for all.</summary>
    public int ClientId { get; init; }

    /// <summary>Account code.</summary>
    public string AcctCode { get; init; } = string.Empty;

    /// <summary>Only executions after this time (<c>yyyyMMdd-HH:mm:ss</c>, UTC).</summary>
    public string Time { get; init; } = string.Empty;

    /// <summary>Symbol.</summary>
    public string Symbol { get; init; } = string.Empty;

    /// <summary>Security type.</summary>
    public string SecType { get; init; } = string.Empty;

    /// <summary>Exchange.</summary>
    public string Exchange { get; init; } = string.Empty;

    /// <summary><c>BUY</c> or <c>SELL</c>.</summary>
    public string Side { get; init; } = string.Empty;
}
