using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Simulator;

/// <summary>An order at the paper exchange at one moment (immutable copy).</summary>
/// <param name="OrderId">The order id (unique per exchange).</param>
/// <param name="PermId">The permanent id (unique per exchange).</param>
/// <param name="ClientId">API client id that placed it (0 = a person in TWS).</param>
/// <param name="Account">Account id.</param>
/// <param name="OrderRef">The client's reference.</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Total quantity (bracket children: the quantity they protect).</param>
/// <param name="Type">Order type.</param>
/// <param name="LimitPrice">Limit price, if any.</param>
/// <param name="StopPrice">Stop (aux) price, if any.</param>
/// <param name="ParentId">Parent id of a bracket child.</param>
/// <param name="OcaGroup">OCA group, or empty.</param>
/// <param name="Status">Status.</param>
/// <param name="Filled">Filled so far.</param>
/// <param name="AverageFillPrice">Average fill price (0 when nothing filled).</param>
/// <param name="LastFillPrice">Price of the latest fill (0 when nothing filled).</param>
/// <param name="CreatedAt">When it was placed.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record PaperOrder(
    long OrderId,
    long PermId,
    int ClientId,
    string Account,
    string OrderRef,
    string Symbol,
    OrderSide Side,
    decimal Quantity,
    OrderType Type,
    decimal? LimitPrice,
    decimal? StopPrice,
    long? ParentId,
    string OcaGroup,
    PaperOrderStatus Status,
    decimal Filled,
    decimal AverageFillPrice,
    decimal LastFillPrice,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Quantity still open.</summary>
    public decimal Remaining => Status.IsWorking() ? Math.Max(0, Quantity - Filled) : 0;
}
