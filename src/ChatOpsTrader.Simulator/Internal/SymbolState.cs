using ChatOpsTrader.Core.Market;

namespace ChatOpsTrader.Simulator.Internal;

/// <summary>The random walk and current quote of one symbol. Guarded by the exchange lock.</summary>
internal sealed class SymbolState(string symbol, decimal mid, decimal anchor)
{
    public string Symbol { get; } = symbol;

    /// <summary>The walk's mid price (unrounded).</summary>
    public decimal Mid { get; set; } = mid;

    /// <summary>The price the walk reverts to (the start price, moved by gaps).</summary>
    public decimal Anchor { get; set; } = anchor;

    public Quote Quote { get; set; }

    /// <summary>Signed quantity of the position.</summary>
    public decimal Position { get; set; }

    /// <summary>Average price of the open quantity (commissions excluded).</summary>
    public decimal AverageCost { get; set; }

    public decimal RealizedPnl { get; set; }
}
