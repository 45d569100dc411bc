using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Simulator;

/// <summary>An order as a client hands it to the <see cref="PaperExchange"/> (the fields of TWS placeOrder we model).</summary>
/// <param name="Symbol">Ticker (case-insensitive).</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Positive quantity.</param>
/// <param name="Type">Order type.</param>
/// <param name="LimitPrice">Limit price for limit and stop-limit orders.</param>
/// <param name="StopPrice">Trigger price for stop and stop-limit orders (TWS auxPrice).</param>
public sealed record PaperOrderRequest(
    string Symbol,
    OrderSide Side,
    decimal Quantity,
    OrderType Type,
    decimal? LimitPrice = null,
    decimal? StopPrice = null)
{
    /// <summary>The order id chosen by the client, or 0 to let the exchange take <see cref="PaperExchange.NextOrderId"/>.</summary>
    public long OrderId { get; init; }

    /// <summary>The API client id placing it (0 = a person in TWS).</summary>
    public int ClientId { get; init; }

    /// <summary>Free text echoed in order and execution reports (ours start with <c>COT-</c>).</summary>
    public string OrderRef { get; init; } = "";

    /// <summary>Parent order id: the order is held (PreSubmitted) until the parent fills, then sized to the parent's filled quantity.</summary>
    public long? ParentId { get; init; }

    /// <summary>One-cancels-all group: a fill reduces the other working members by the filled quantity (cancelled at zero). Children of one parent share a group automatically.</summary>
    public string OcaGroup { get; init; } = "";
}
