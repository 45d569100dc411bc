using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Tests.Risk;

/// <summary>A hand-written view for the checker's tests: dictionaries a test fills in.</summary>
internal sealed class FakePreflightView : IPreflightView
{
    public TradingState State { get; set; } = TradingState.Active;

    public bool BrokerConnected { get; set; } = true;

    public int WorkingOrderCount { get; set; }

    public Dictionary<string, decimal> Positions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, decimal> Pending { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Quote> Quotes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> PausedStrategies { get; } = new(StringComparer.Ordinal);

    public decimal PositionQuantity(string symbol) => Positions.GetValueOrDefault(symbol);

    public decimal PendingQuantity(string symbol) => Pending.GetValueOrDefault(symbol);

    public bool TryGetQuote(string symbol, out Quote quote) => Quotes.TryGetValue(symbol, out quote);

    public bool IsStrategyPaused(string strategy) => PausedStrategies.Contains(strategy);

    /// <summary>Sets a quote around <paramref name="mid"/> (bid/ask one cent either side) received at <paramref name="time"/>.</summary>
    public void Quote(string symbol, decimal mid, DateTimeOffset time) =>
        Quotes[symbol] = new Quote(symbol, mid - 0.01m, mid + 0.01m, mid, time);
}
