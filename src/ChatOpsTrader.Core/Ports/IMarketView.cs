using ChatOpsTrader.Core.Market;

namespace ChatOpsTrader.Core.Ports;

/// <summary>A read-only view of the engine's latest state for strategies. Safe to call from any thread.</summary>
public interface IMarketView
{
    /// <summary>The latest quote for a symbol.</summary>
    bool TryGetQuote(string symbol, out Quote quote);

    /// <summary>Signed net position for a symbol.</summary>
    decimal PositionQuantity(string symbol);

    /// <summary>Number of our working orders for a symbol.</summary>
    int WorkingOrderCount(string symbol);
}
