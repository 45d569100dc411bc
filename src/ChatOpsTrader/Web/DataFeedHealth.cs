using System.Globalization;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Host.Web;

/// <summary>
/// Market data health for the header: <c>ok</c>, <c>stale</c> (a symbol we trade has no quote within the engine's
/// data-feed window, the same rule that makes the account closing-only), <c>down</c> (no broker, no quotes) or
/// <c>closed</c> (market closed: old quotes are expected).
/// </summary>
/// <param name="Status">ok, stale, down or closed.</param>
/// <param name="Detail">What that means, in words.</param>
/// <param name="Symbols">Symbols quoted.</param>
/// <param name="StaleSymbols">Traded symbols without a fresh quote.</param>
/// <param name="NewestQuoteAgeSeconds">Age of the newest quote, or null when there is none.</param>
public sealed record DataFeedHealth(string Status, string Detail, int Symbols, IReadOnlyList<string> StaleSymbols, double? NewestQuoteAgeSeconds)
{
    /// <summary>Judges the feed from the snapshot's quotes at <paramref name="now"/>.</summary>
    public static DataFeedHealth From(EngineSnapshot s, EngineOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(options);
        var window = options.DataFeedStaleAfter;
        double? newest = s.Quotes.Count == 0 ? null : Math.Max(0, (now - s.Quotes.Values.Max(q => q.Time)).TotalSeconds);
        var traded = s.Positions.Where(p => p.Quantity != 0).Select(p => p.Symbol)
            .Concat(s.Orders.Select(o => o.Order.Symbol))
            .Distinct(StringComparer.Ordinal);
        var stale = traded
            .Where(sym => !s.Quotes.TryGetValue(sym, out var q) || now - q.Time > window)
            .Order(StringComparer.Ordinal)
            .ToList();
        var age = newest is { } a ? string.Create(CultureInfo.InvariantCulture, $"newest quote {a:0} s ago") : "no quote yet";
        if (!s.BrokerConnected)
            return new DataFeedHealth("down", $"broker disconnected: no market data ({age})", s.Quotes.Count, stale, newest);
        if (!options.Calendar.IsMarketOpen(now))
            return new DataFeedHealth("closed", $"market closed ({age})", s.Quotes.Count, [], newest);
        if (s.Quotes.Count == 0)
            return new DataFeedHealth("down", "no quotes received", 0, stale, null);
        if (stale.Count > 0 || s.Status is { State: TradingState.Reducing, Trigger: StateTrigger.DataFeed })
        {
            var which = stale.Count > 0 ? string.Join(", ", stale) : "a traded symbol";
            return new DataFeedHealth("stale", string.Create(CultureInfo.InvariantCulture, $"no fresh quote for {which} (window {window.TotalSeconds:0} s)"), s.Quotes.Count, stale, newest);
        }
        return new DataFeedHealth("ok", string.Create(CultureInfo.InvariantCulture, $"{s.Quotes.Count} symbols, {age}"), s.Quotes.Count, [], newest);
    }
}
