namespace ChatOpsTrader.Core.Portfolio;

/// <summary>A net position in one symbol.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Quantity">Signed quantity: positive long, negative short.</param>
/// <param name="AverageCost">Average cost of the open quantity (FIFO lots).</param>
/// <param name="Mark">Last mark price, or null when no quote has been seen.</param>
/// <param name="UnrealizedPnl">(Mark - AverageCost) * Quantity, or 0 without a mark.</param>
/// <param name="OpenedAt">When the oldest open lot was opened.</param>
public sealed record Position(string Symbol, decimal Quantity, decimal AverageCost, decimal? Mark, decimal UnrealizedPnl, DateTimeOffset OpenedAt)
{
    /// <summary>Absolute market value at the mark (or at cost without a mark).</summary>
    public decimal Notional => Math.Abs(Quantity) * (Mark ?? AverageCost);
}
