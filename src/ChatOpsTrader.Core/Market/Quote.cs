namespace ChatOpsTrader.Core.Market;

/// <summary>A top-of-book quote for one symbol.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Bid">Best bid.</param>
/// <param name="Ask">Best ask.</param>
/// <param name="Last">Last trade price.</param>
/// <param name="Time">When the quote was received.</param>
public readonly record struct Quote(string Symbol, decimal Bid, decimal Ask, decimal Last, DateTimeOffset Time)
{
    /// <summary>The mark used for unrealized P&amp;L: the mid when both sides exist, else the last price.</summary>
    public decimal Mark => Bid > 0 && Ask > 0 ? (Bid + Ask) / 2m : Last;
}
