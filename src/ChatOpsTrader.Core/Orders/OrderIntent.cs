namespace ChatOpsTrader.Core.Orders;

/// <summary>
/// A request to place an order, as it reaches the order gate from a strategy, the HTTP API or a command.
/// The <see cref="IdempotencyKey"/> makes retries safe: the same key always yields the first result.
/// </summary>
/// <param name="IdempotencyKey">Caller-chosen key, 1 to 64 printable ASCII characters.</param>
/// <param name="Strategy">Name of the strategy (or <c>manual</c>) that owns the order.</param>
/// <param name="Symbol">Upper-case ticker.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Positive quantity.</param>
/// <param name="Type">Order type.</param>
/// <param name="LimitPrice">Required for limit and stop-limit orders.</param>
/// <param name="StopPrice">Required for stop and stop-limit orders.</param>
/// <param name="TakeProfit">Optional bracket take-profit price (a server-side limit child).</param>
/// <param name="StopLoss">Optional bracket stop-loss price (a server-side stop child).</param>
/// <param name="Origin">Who sent it.</param>
public sealed record OrderIntent(
    string IdempotencyKey,
    string Strategy,
    string Symbol,
    OrderSide Side,
    decimal Quantity,
    OrderType Type,
    decimal? LimitPrice = null,
    decimal? StopPrice = null,
    decimal? TakeProfit = null,
    decimal? StopLoss = null,
    OrderOrigin Origin = OrderOrigin.Strategy)
{
    /// <summary>True when the intent carries a bracket (both children).</summary>
    public bool HasBracket => TakeProfit is not null && StopLoss is not null;
}
