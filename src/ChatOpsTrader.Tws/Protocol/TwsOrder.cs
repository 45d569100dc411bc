namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// The order fields we send in placeOrder and read back from openOrder. Everything else of IB's ~150 order fields is
/// sent as its default and skipped when read.
/// </summary>
public sealed record TwsOrder
{
    /// <summary><c>BUY</c> or <c>SELL</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Quantity (decimal text on the wire). openOrder reports 0 when TWS leaves it unset (cash-quantity orders).</summary>
    public required decimal TotalQuantity { get; init; }

    /// <summary><c>MKT</c>, <c>LMT</c>, <c>STP</c> or <c>STP LMT</c> (others are decoded but not encoded).</summary>
    public required string OrderType { get; init; }

    /// <summary>Limit price (LMT, STP LMT); null when unset.</summary>
    public decimal? LmtPrice { get; init; }

    /// <summary>Stop trigger (STP, STP LMT); null when unset.</summary>
    public decimal? AuxPrice { get; init; }

    /// <summary>Time in force: <c>DAY</c>, <c>GTC</c>, <c>IOC</c>…</summary>
    public string Tif { get; init; } = "DAY";

    /// <summary>One-cancels-all group name, empty if none.</summary>
    public string OcaGroup { get; init; } = string.Empty;

    /// <summary>OCA type: 1 cancel with block, 2 reduce with block, 3 reduce without block; 0 when not set.</summary>
    public int OcaType { get; init; }

    /// <summary>Account, empty to let TWS use the only account.</summary>
    public string Account { get; init; } = string.Empty;

    /// <summary>Free text echoed in openOrder and execDetails: the bot's own tag.</summary>
    public string OrderRef { get; init; } = string.Empty;

    /// <summary>Parent order id for bracket children, 0 for none.</summary>
    public int ParentId { get; init; }

    /// <summary>Allow the order to trigger or fill outside regular trading hours.</summary>
    public bool OutsideRth { get; init; }

    /// <summary>Good-after time (<c>yyyyMMdd HH:mm:ss TZ</c>), empty if none.</summary>
    public string GoodAfterTime { get; init; } = string.Empty;

    /// <summary>Good-till date for GTD orders, empty if none.</summary>
    public string GoodTillDate { get; init; } = string.Empty;
}
