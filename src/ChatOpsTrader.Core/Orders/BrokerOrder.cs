namespace ChatOpsTrader.Core.Orders;

/// <summary>An order as the broker reports it (ours or anyone else's on the account).</summary>
/// <param name="BrokerOrderId">The broker's order id (TWS orderId; unique per client id).</param>
/// <param name="OrderRef">The order reference, ours (<see cref="OrderRefs"/>) or foreign (may be empty).</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Total quantity.</param>
/// <param name="Type">Order type.</param>
/// <param name="LimitPrice">Limit price where relevant.</param>
/// <param name="StopPrice">Stop (aux) price where relevant.</param>
/// <param name="ParentId">Parent order id for bracket children, else null.</param>
/// <param name="Status">Current status.</param>
/// <param name="Filled">Quantity filled so far.</param>
/// <param name="AverageFillPrice">Average price of the fills so far (0 when none).</param>
/// <param name="ClientId">The API client id that placed it (0 for TWS manual orders).</param>
public sealed record BrokerOrder(
    long BrokerOrderId,
    string OrderRef,
    string Symbol,
    OrderSide Side,
    decimal Quantity,
    OrderType Type,
    decimal? LimitPrice,
    decimal? StopPrice,
    long? ParentId,
    OrderStatus Status,
    decimal Filled,
    decimal AverageFillPrice,
    int ClientId)
{
    /// <summary>Quantity still open.</summary>
    public decimal Remaining => Math.Max(0, Quantity - Filled);
}
