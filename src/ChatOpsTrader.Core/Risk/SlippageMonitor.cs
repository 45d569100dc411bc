using System.Globalization;
using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Core.Risk;

/// <summary>One fill compared with the price it was expected at.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Filled quantity.</param>
/// <param name="Benchmark">The expected price: the quote's mid when the order was sent, else its limit price; for a stop-loss, its stop price.</param>
/// <param name="Price">The fill price.</param>
/// <param name="Bps">Slippage in basis points, positive when the fill is worse than the benchmark (paid more, sold for less).</param>
public sealed record SlippageFill(string Symbol, OrderSide Side, decimal Quantity, decimal Benchmark, decimal Price, decimal Bps);

/// <summary>A symbol's fills of the trading day.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Fills">Fills measured.</param>
/// <param name="OverLimit">Fills whose slippage was above the limit.</param>
/// <param name="AverageBps">Quantity-weighted average slippage, bps.</param>
/// <param name="WorstBps">The worst fill's slippage, bps.</param>
/// <param name="CostOverBenchmark">What the slippage cost in money: Σ (fill − benchmark) × quantity, signed by side.</param>
public sealed record SlippageStats(string Symbol, int Fills, int OverLimit, decimal AverageBps, decimal WorstBps, decimal CostOverBenchmark);

/// <summary>What the monitor made of a fill.</summary>
/// <param name="Fill">The fill and its slippage.</param>
/// <param name="Symbol">The symbol's day so far, this fill included.</param>
/// <param name="Alert">True when this fill is over the limit and the symbol was not alerted within the alert interval.</param>
public sealed record SlippageObservation(SlippageFill Fill, SlippageStats Symbol, bool Alert)
{
    /// <summary>The facts in plain language.</summary>
    public string Describe(decimal maxBps) => string.Create(CultureInfo.InvariantCulture,
        $"{Fill.Side} {Fill.Quantity} {Fill.Symbol} filled at {Fill.Price} against an expected {Fill.Benchmark}: {Fill.Bps:0.#} bps (limit {maxBps:0.#} bps). "
        + $"{Symbol.Symbol} today: {Symbol.Fills} fill(s), {Symbol.OverLimit} over the limit, average {Symbol.AverageBps:0.#} bps, worst {Symbol.WorstBps:0.#} bps, cost over expected {Symbol.CostOverBenchmark:N2}.");
}

/// <summary>
/// Slippage watch (seed 001 "Execution slippage too high"). Pure: every fill of ours is compared with the price it
/// was expected at and aggregated per symbol over the trading day; a fill above the limit is alerted, at most once
/// per symbol per <see cref="AlertInterval"/> (the alert carries the symbol's aggregate, so nothing is hidden).
/// </summary>
public sealed class SlippageMonitor
{
    private readonly Dictionary<string, Totals> _symbols = new(StringComparer.Ordinal);

    /// <summary>Creates a monitor.</summary>
    /// <param name="maxBps">The limit in basis points (above 0).</param>
    /// <param name="alertInterval">The least time between two alerts of one symbol (default 30 minutes).</param>
    public SlippageMonitor(decimal maxBps, TimeSpan? alertInterval = null)
    {
        if (maxBps <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxBps), maxBps, "The slippage limit must be above 0 bps.");
        MaxBps = maxBps;
        AlertInterval = alertInterval ?? TimeSpan.FromMinutes(30);
        if (AlertInterval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(alertInterval), alertInterval, "The alert interval must not be negative.");
    }

    /// <summary>The limit, bps.</summary>
    public decimal MaxBps { get; }

    /// <summary>The least time between two alerts of one symbol.</summary>
    public TimeSpan AlertInterval { get; }

    /// <summary>Slippage of a fill in bps, positive when worse than <paramref name="benchmark"/>.</summary>
    public static decimal Bps(OrderSide side, decimal benchmark, decimal price)
    {
        if (benchmark <= 0)
            throw new ArgumentOutOfRangeException(nameof(benchmark), benchmark, "The benchmark price must be positive.");
        var worse = side == OrderSide.Buy ? price - benchmark : benchmark - price;
        return Math.Round(worse / benchmark * 10_000m, 2);
    }

    /// <summary>Records a fill; says whether to alert.</summary>
    public SlippageObservation Record(string symbol, OrderSide side, decimal quantity, decimal benchmark, decimal price, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        if (quantity <= 0)
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "The filled quantity must be positive.");
        var bps = Bps(side, benchmark, price);
        if (!_symbols.TryGetValue(symbol, out var totals))
            _symbols[symbol] = totals = new Totals();
        totals.Fills++;
        totals.Quantity += quantity;
        totals.WeightedBps += bps * quantity;
        totals.Worst = totals.Fills == 1 ? bps : Math.Max(totals.Worst, bps);
        totals.Cost += (side == OrderSide.Buy ? price - benchmark : benchmark - price) * quantity;
        var over = bps > MaxBps;
        if (over)
            totals.OverLimit++;
        var alert = over && (totals.LastAlert is not { } last || now - last >= AlertInterval);
        if (alert)
            totals.LastAlert = now;
        var stats = new SlippageStats(symbol, totals.Fills, totals.OverLimit, Math.Round(totals.WeightedBps / totals.Quantity, 2), totals.Worst, Math.Round(totals.Cost, 2));
        return new SlippageObservation(new SlippageFill(symbol, side, quantity, benchmark, price, bps), stats, alert);
    }

    /// <summary>The day's aggregate of a symbol, or null when it had no measured fill.</summary>
    public SlippageStats? StatsOf(string symbol) => _symbols.TryGetValue(symbol, out var t)
        ? new SlippageStats(symbol, t.Fills, t.OverLimit, Math.Round(t.WeightedBps / t.Quantity, 2), t.Worst, Math.Round(t.Cost, 2))
        : null;

    /// <summary>A new trading day: the aggregates start afresh.</summary>
    public void ResetDay() => _symbols.Clear();

    private sealed class Totals
    {
        public int Fills;
        public int OverLimit;
        public decimal Quantity;
        public decimal WeightedBps;
        public decimal Worst;
        public decimal Cost;
        public DateTimeOffset? LastAlert;
    }
}
