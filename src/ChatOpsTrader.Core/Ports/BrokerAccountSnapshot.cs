using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;

namespace ChatOpsTrader.Core.Ports;

/// <summary>The broker's truth at one moment.</summary>
/// <param name="Time">When it was taken.</param>
/// <param name="Positions">Every position of the account.</param>
/// <param name="OpenOrders">Every working order of the account, from every client.</param>
/// <param name="Executions">Executions of the current session.</param>
/// <param name="NetLiquidation">Account net liquidation value, when known.</param>
public sealed record BrokerAccountSnapshot(
    DateTimeOffset Time,
    IReadOnlyList<BrokerPosition> Positions,
    IReadOnlyList<BrokerOrder> OpenOrders,
    IReadOnlyList<Fill> Executions,
    decimal? NetLiquidation = null);

/// <summary>A position as the broker reports it.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Quantity">Signed quantity.</param>
/// <param name="AverageCost">The broker's average cost.</param>
public sealed record BrokerPosition(string Symbol, decimal Quantity, decimal AverageCost);
