using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Core.Risk;

/// <summary>What the pre-flight checker reads of the engine's state. Implementations must not allocate.</summary>
public interface IPreflightView
{
    /// <summary>The current trading state.</summary>
    TradingState State { get; }

    /// <summary>True while the broker can take orders.</summary>
    bool BrokerConnected { get; }

    /// <summary>Signed net position for the symbol (0 when none).</summary>
    decimal PositionQuantity(string symbol);

    /// <summary>Signed quantity of our working orders for the symbol that would add to the position if filled.</summary>
    decimal PendingQuantity(string symbol);

    /// <summary>The latest quote.</summary>
    bool TryGetQuote(string symbol, out Quote quote);

    /// <summary>Our working orders count.</summary>
    int WorkingOrderCount { get; }

    /// <summary>True when the strategy is paused (by a person or by its own loss limit).</summary>
    bool IsStrategyPaused(string strategy);
}
