namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// A contract as the protocol carries it. Empty strings and 0 mean "not set". Incoming messages that send 11 contract
/// fields (openOrder, position, execDetails) carry no primaryExchange: it decodes as empty.
/// </summary>
public sealed record TwsContract
{
    /// <summary>IB's contract id, 0 if unknown.</summary>
    public int ConId { get; init; }

    /// <summary>Symbol, e.g. <c>AAPL</c>.</summary>
    public string Symbol { get; init; } = string.Empty;

    /// <summary>Security type, e.g. <c>STK</c>, <c>FUT</c>, <c>OPT</c>, <c>CASH</c>.</summary>
    public string SecType { get; init; } = string.Empty;

    /// <summary>Last trade date or contract month (<c>yyyyMMdd</c> / <c>yyyyMM</c>).</summary>
    public string LastTradeDateOrContractMonth { get; init; } = string.Empty;

    /// <summary>Option strike, 0 if none.</summary>
    public decimal Strike { get; init; }

    /// <summary>Option right (<c>C</c>/<c>P</c>), empty if none.</summary>
    public string Right { get; init; } = string.Empty;

    /// <summary>Multiplier as text, empty if none.</summary>
    public string Multiplier { get; init; } = string.Empty;

    /// <summary>Routing exchange, e.g. <c>SMART</c>.</summary>
    public string Exchange { get; init; } = string.Empty;

    /// <summary>Primary listing exchange (sent in requests only).</summary>
    public string PrimaryExchange { get; init; } = string.Empty;

    /// <summary>Currency, e.g. <c>USD</c>.</summary>
    public string Currency { get; init; } = string.Empty;

    /// <summary>Local symbol.</summary>
    public string LocalSymbol { get; init; } = string.Empty;

    /// <summary>Trading class.</summary>
    public string TradingClass { get; init; } = string.Empty;
}
