using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Core.Portfolio;

/// <summary>A round trip closed by FIFO matching: one opening lot (or part of it) against a closing fill.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Strategy">Strategy of the opening lot.</param>
/// <param name="Side">Side of the opening lot (Buy = long trade, Sell = short trade).</param>
/// <param name="Quantity">Positive quantity closed.</param>
/// <param name="EntryPrice">Price of the opening lot.</param>
/// <param name="ExitPrice">Price of the closing fill.</param>
/// <param name="RealizedPnl">(Exit - Entry) * Quantity * sign, less commissions attributed to this quantity.</param>
/// <param name="OpenedAt">When the opening lot was filled.</param>
/// <param name="ClosedAt">When the closing fill happened.</param>
/// <param name="ClosingExecId">The execution that closed it.</param>
public sealed record ClosedTrade(
    string Symbol,
    string Strategy,
    OrderSide Side,
    decimal Quantity,
    decimal EntryPrice,
    decimal ExitPrice,
    decimal RealizedPnl,
    DateTimeOffset OpenedAt,
    DateTimeOffset ClosedAt,
    string ClosingExecId);
