namespace ChatOpsTrader.Core.Market;

/// <summary>The latest quote per symbol. Owned by the engine loop; not thread-safe.</summary>
public sealed class QuoteBook
{
    private readonly Dictionary<string, Quote> _quotes = new(StringComparer.Ordinal);

    /// <summary>Stores the quote, replacing the previous one for the symbol.</summary>
    public void Update(in Quote quote) => _quotes[quote.Symbol] = quote;

    /// <summary>The latest quote for a symbol.</summary>
    public bool TryGet(string symbol, out Quote quote) => _quotes.TryGetValue(symbol, out quote);

    /// <summary>All latest quotes.</summary>
    public IReadOnlyCollection<Quote> All => _quotes.Values;
}
