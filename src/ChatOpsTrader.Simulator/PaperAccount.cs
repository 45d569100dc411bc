using ChatOpsTrader.Core.Market;

namespace ChatOpsTrader.Simulator;

/// <summary>A position at the paper exchange.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Quantity">Signed quantity (0 after it was closed).</param>
/// <param name="AverageCost">Average price of the open quantity, commissions excluded.</param>
/// <param name="MarketPrice">The current mid.</param>
/// <param name="UnrealizedPnl">(MarketPrice - AverageCost) × Quantity.</param>
/// <param name="RealizedPnl">P&amp;L realized in this symbol, net of commissions.</param>
public sealed record PaperPosition(string Symbol, decimal Quantity, decimal AverageCost, decimal MarketPrice, decimal UnrealizedPnl, decimal RealizedPnl);

/// <summary>Account values (TWS updateAccountValue keys in brackets).</summary>
/// <param name="AccountId">Account id.</param>
/// <param name="Cash">Cash (TotalCashValue).</param>
/// <param name="NetLiquidation">Cash plus positions at the mid (NetLiquidation).</param>
/// <param name="GrossPositionValue">Sum of |quantity| × mid (GrossPositionValue).</param>
/// <param name="UnrealizedPnl">Unrealized P&amp;L (UnrealizedPnL).</param>
/// <param name="RealizedPnl">Realized P&amp;L since the account was created (RealizedPnL).</param>
/// <param name="BuyingPower">Net liquidation × leverage − gross position value (BuyingPower).</param>
/// <remarks>The paper margin model is one rate: the maintenance margin is the gross position value divided by the leverage.</remarks>
public sealed record PaperAccountValues(
    string AccountId,
    decimal Cash,
    decimal NetLiquidation,
    decimal GrossPositionValue,
    decimal UnrealizedPnl,
    decimal RealizedPnl,
    decimal BuyingPower)
{
    /// <summary>Maintenance margin requirement: gross position value / leverage (MaintMarginReq).</summary>
    public decimal MaintenanceMargin { get; init; }

    /// <summary>Net liquidation − maintenance margin (ExcessLiquidity); negative means the broker would liquidate.</summary>
    public decimal ExcessLiquidity { get; init; }
}

/// <summary>Everything the exchange knows at one moment, taken under its lock (consistent).</summary>
/// <param name="Time">When it was taken.</param>
/// <param name="Account">Account values.</param>
/// <param name="Positions">Positions with a non-zero quantity.</param>
/// <param name="OpenOrders">Working orders of every client (including held bracket children), by id.</param>
/// <param name="Executions">Retained executions, oldest first.</param>
/// <param name="Quotes">The latest quote per symbol.</param>
public sealed record PaperAccountSnapshot(
    DateTimeOffset Time,
    PaperAccountValues Account,
    IReadOnlyList<PaperPosition> Positions,
    IReadOnlyList<PaperOrder> OpenOrders,
    IReadOnlyList<PaperExecution> Executions,
    IReadOnlyList<Quote> Quotes);

/// <summary>What happened when the exchange replayed the time it was down.</summary>
/// <param name="From">The last tick in the state file.</param>
/// <param name="To">The last replayed tick.</param>
/// <param name="Steps">Ticks replayed.</param>
/// <param name="Capped">True when the gap was longer than the replay limit (prices stood still after <paramref name="To"/>).</param>
/// <param name="Executions">Executions that happened during the replay.</param>
public sealed record PaperCatchUpReport(DateTimeOffset From, DateTimeOffset To, int Steps, bool Capped, int Executions);

/// <summary>The ids of the three orders of a bracket.</summary>
/// <param name="ParentId">The entry order.</param>
/// <param name="TakeProfitId">The take-profit limit child.</param>
/// <param name="StopLossId">The stop-loss stop child.</param>
public readonly record struct PaperBracketIds(long ParentId, long TakeProfitId, long StopLossId);
