using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Core.Ports;

/// <summary>An order as it is handed to the broker.</summary>
/// <param name="OrderRef">Our order reference (see <see cref="OrderRefs"/>).</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Positive quantity.</param>
/// <param name="Type">Order type.</param>
/// <param name="LimitPrice">Limit price for limit and stop-limit orders.</param>
/// <param name="StopPrice">Stop price for stop and stop-limit orders.</param>
/// <param name="Bracket">Server-side protective children, or null.</param>
public sealed record BrokerOrderRequest(
    string OrderRef,
    string Symbol,
    OrderSide Side,
    decimal Quantity,
    OrderType Type,
    decimal? LimitPrice,
    decimal? StopPrice,
    BracketRequest? Bracket = null);

/// <summary>The two children of a bracket: a take-profit limit and a stop-loss stop, in one OCA group.</summary>
/// <param name="TakeProfitRef">Order reference of the take-profit child.</param>
/// <param name="TakeProfitPrice">Limit price of the take-profit child.</param>
/// <param name="StopLossRef">Order reference of the stop-loss child.</param>
/// <param name="StopLossPrice">Stop price of the stop-loss child.</param>
public sealed record BracketRequest(string TakeProfitRef, decimal TakeProfitPrice, string StopLossRef, decimal StopLossPrice);
