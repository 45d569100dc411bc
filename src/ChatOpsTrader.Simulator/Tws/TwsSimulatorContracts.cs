using System.Collections.Frozen;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>
/// The exchange's symbols as TWS contracts: US stocks (<c>STK</c>, <c>SMART</c>, <c>USD</c>) with a stable contract id
/// (IB's real one for the default symbols, a hash of the symbol otherwise).
/// </summary>
internal sealed class TwsSimulatorContracts
{
    private static readonly FrozenDictionary<string, int> KnownConIds = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AAPL"] = 265598,
        ["MSFT"] = 272093,
        ["NVDA"] = 4815747,
        ["SPY"] = 756733,
        ["TSLA"] = 76792991,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, TwsContract> _bySymbol;
    private readonly FrozenDictionary<int, string> _byConId;

    public TwsSimulatorContracts(IEnumerable<string> symbols)
    {
        var bySymbol = new Dictionary<string, TwsContract>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            var normalized = symbol.Trim().ToUpperInvariant();
            bySymbol[normalized] = new TwsContract
            {
                ConId = ConIdOf(normalized),
                Symbol = normalized,
                SecType = "STK",
                Exchange = "SMART",
                Currency = "USD",
                LocalSymbol = normalized,
                TradingClass = normalized,
            };
        }

        _bySymbol = bySymbol.ToFrozenDictionary(StringComparer.Ordinal);
        _byConId = bySymbol.Values.GroupBy(c => c.ConId).ToFrozenDictionary(g => g.Key, g => g.First().Symbol);
    }

    /// <summary>The contract of a symbol the exchange trades.</summary>
    public TwsContract For(string symbol) =>
        _bySymbol.TryGetValue(symbol, out var contract) ? contract : throw new ArgumentException($"Unknown symbol {symbol}.", nameof(symbol));

    /// <summary>
    /// The symbol a request's contract names, or null when it names none we trade: a stock (or an empty security
    /// type) in USD (or no currency), by symbol (or local symbol), or by contract id alone; a contract id that
    /// contradicts the symbol matches nothing.
    /// </summary>
    public string? Resolve(TwsContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (contract.SecType.Length > 0 && !contract.SecType.Equals("STK", StringComparison.OrdinalIgnoreCase))
            return null;
        if (contract.Currency.Length > 0 && !contract.Currency.Equals("USD", StringComparison.OrdinalIgnoreCase))
            return null;
        var named = contract.Symbol.Length > 0 ? contract.Symbol : contract.LocalSymbol;
        if (named.Length > 0)
        {
            var symbol = named.Trim().ToUpperInvariant();
            if (!_bySymbol.TryGetValue(symbol, out var known))
                return null;
            return contract.ConId == 0 || contract.ConId == known.ConId ? symbol : null;
        }

        return contract.ConId != 0 && _byConId.TryGetValue(contract.ConId, out var byId) ? byId : null;
    }

    private static int ConIdOf(string symbol)
    {
        if (KnownConIds.TryGetValue(symbol, out var conId))
            return conId;

        // FNV-1a: stable across runs and processes (string.GetHashCode is not).
        var hash = 2166136261u;
        foreach (var c in symbol)
        {
            hash ^= c;
            hash *= 16777619u;
        }

        return 100_000_000 + (int)(hash % 900_000_000u);
    }
}
