using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;

namespace ChatOpsTrader.Tests.Portfolio;

public class PositionBookTests
{
    // Tuesday 2026-11-17 10:00 New York.
    internal static readonly DateTimeOffset T0 = new(2026, 11, 17, 15, 0, 0, TimeSpan.Zero);

    internal static Fill Buy(string execId, string symbol, decimal quantity, decimal price, decimal commission = 0m, string strategy = "alpha", int minute = 0) =>
        new(execId, 1, "COT-0000000000000001", symbol, OrderSide.Buy, quantity, price, commission, T0.AddMinutes(minute), strategy);

    internal static Fill Sell(string execId, string symbol, decimal quantity, decimal price, decimal commission = 0m, string strategy = "alpha", int minute = 0) =>
        new(execId, 2, "COT-0000000000000002", symbol, OrderSide.Sell, quantity, price, commission, T0.AddMinutes(minute), strategy);

    private static Position PositionOf(PositionBook book, string symbol) =>
        book.TryGetPosition(symbol, out var position) ? position : throw new Xunit.Sdk.XunitException($"no position in {symbol}");

    [Fact]
    public void Buys_open_lots_and_the_position_shows_their_average_cost()
    {
        var book = new PositionBook();
        Assert.Empty(book.ApplyFill(Buy("e1", "AAPL", 10, 100m, minute: 1)));
        Assert.Empty(book.ApplyFill(Buy("e2", "AAPL", 5, 106m, minute: 2)));

        var position = PositionOf(book, "AAPL");
        Assert.Equal(15m, position.Quantity);
        Assert.Equal(102m, position.AverageCost);
        Assert.Equal(T0.AddMinutes(1), position.OpenedAt);
        Assert.Null(position.Mark);
        Assert.Equal(0m, position.UnrealizedPnl);
        Assert.Equal(15m, book.QuantityOf("AAPL"));
        Assert.Equal(1, book.Count);
    }

    [Fact]
    public void Fills_that_close_nothing_return_the_same_cached_empty_list()
    {
        var book = new PositionBook();
        var first = book.ApplyFill(Buy("e1", "AAPL", 1, 100m));
        var second = book.ApplyFill(Buy("e2", "MSFT", 1, 100m));
        var duplicate = book.ApplyFill(Buy("e1", "AAPL", 1, 100m));
        Assert.Empty(first);
        Assert.Same(first, second);
        Assert.Same(first, duplicate);
    }

    [Fact]
    public void A_sell_closes_lots_first_in_first_out_one_trade_per_lot()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 10, 100m, strategy: "alpha", minute: 1));
        book.ApplyFill(Buy("e2", "AAPL", 10, 110m, strategy: "beta", minute: 2));

        var trades = book.ApplyFill(Sell("e3", "AAPL", 15, 120m, strategy: "gamma", minute: 3));

        Assert.Equal(2, trades.Count);
        Assert.Equal(new ClosedTrade("AAPL", "alpha", OrderSide.Buy, 10, 100m, 120m, 200m, T0.AddMinutes(1), T0.AddMinutes(3), "e3"), trades[0]);
        Assert.Equal(new ClosedTrade("AAPL", "beta", OrderSide.Buy, 5, 110m, 120m, 50m, T0.AddMinutes(2), T0.AddMinutes(3), "e3"), trades[1]);

        var rest = PositionOf(book, "AAPL");
        Assert.Equal(5m, rest.Quantity);
        Assert.Equal(110m, rest.AverageCost);
        Assert.Equal(T0.AddMinutes(2), rest.OpenedAt);
    }

    [Fact]
    public void Partial_closes_shrink_the_oldest_lot_until_the_position_is_flat()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 10, 50m));

        var first = Assert.Single(book.ApplyFill(Sell("e2", "AAPL", 4, 55m, minute: 1)));
        Assert.Equal(4m, first.Quantity);
        Assert.Equal(20m, first.RealizedPnl);
        Assert.Equal(6m, book.QuantityOf("AAPL"));
        Assert.Equal(50m, PositionOf(book, "AAPL").AverageCost);

        var second = Assert.Single(book.ApplyFill(Sell("e3", "AAPL", 6, 45m, minute: 2)));
        Assert.Equal(6m, second.Quantity);
        Assert.Equal(-30m, second.RealizedPnl);

        Assert.Equal(0m, book.QuantityOf("AAPL"));
        Assert.Equal(0, book.Count);
        Assert.False(book.TryGetPosition("AAPL", out _));
        Assert.Empty(book.Snapshot());
    }

    [Fact]
    public void A_sell_larger_than_the_long_closes_it_and_opens_a_short_with_the_remainder()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 5, 100m, strategy: "alpha", minute: 1));

        var closed = Assert.Single(book.ApplyFill(Sell("e2", "AAPL", 8, 90m, strategy: "beta", minute: 2)));
        Assert.Equal(5m, closed.Quantity);
        Assert.Equal(-50m, closed.RealizedPnl);
        Assert.Equal(OrderSide.Buy, closed.Side);

        var short3 = PositionOf(book, "AAPL");
        Assert.Equal(-3m, short3.Quantity);
        Assert.Equal(90m, short3.AverageCost);
        Assert.Equal(T0.AddMinutes(2), short3.OpenedAt);

        var cover = Assert.Single(book.ApplyFill(Buy("e3", "AAPL", 3, 80m, minute: 3)));
        Assert.Equal("beta", cover.Strategy);
        Assert.Equal(OrderSide.Sell, cover.Side);
        Assert.Equal(30m, cover.RealizedPnl);
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void Shorts_are_covered_first_in_first_out_and_profit_when_the_price_falls()
    {
        var book = new PositionBook();
        book.ApplyFill(Sell("e1", "TSLA", 10, 100m, minute: 1));
        book.ApplyFill(Sell("e2", "TSLA", 10, 90m, minute: 2));
        Assert.Equal(-20m, book.QuantityOf("TSLA"));
        Assert.Equal(95m, PositionOf(book, "TSLA").AverageCost);

        var trades = book.ApplyFill(Buy("e3", "TSLA", 15, 95m, minute: 3));

        Assert.Equal(2, trades.Count);
        Assert.All(trades, t => Assert.Equal(OrderSide.Sell, t.Side));
        Assert.Equal(50m, trades[0].RealizedPnl);
        Assert.Equal(100m, trades[0].EntryPrice);
        Assert.Equal(-25m, trades[1].RealizedPnl);
        Assert.Equal(5m, trades[1].Quantity);
        Assert.Equal(-5m, book.QuantityOf("TSLA"));
        Assert.Equal(90m, PositionOf(book, "TSLA").AverageCost);
    }

    [Fact]
    public void Commissions_of_opening_and_closing_fills_are_charged_pro_rata_to_each_trade()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 10, 100m, commission: 3m));

        // 4 of 10 close: 40 gross - 1.20 opening share - 2.00 closing fill.
        Assert.Equal(36.8m, Assert.Single(book.ApplyFill(Sell("e2", "AAPL", 4, 110m, commission: 2m))).RealizedPnl);

        // Closes 6 (opening rest 1.80, closing share 0.90 of 1.50) and opens 4 short carrying 0.60.
        Assert.Equal(57.3m, Assert.Single(book.ApplyFill(Sell("e3", "AAPL", 10, 110m, commission: 1.5m))).RealizedPnl);
        Assert.Equal(-4m, book.QuantityOf("AAPL"));

        // The short's carried commission is charged when it is covered.
        Assert.Equal(39.4m, Assert.Single(book.ApplyFill(Buy("e4", "AAPL", 4, 100m))).RealizedPnl);
    }

    [Fact]
    public void Commission_shares_that_do_not_divide_evenly_still_add_up_to_the_commission_charged()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 3, 10m, commission: 1m));
        var pnl = new[]
        {
            Assert.Single(book.ApplyFill(Sell("e2", "AAPL", 1, 10m))).RealizedPnl,
            Assert.Single(book.ApplyFill(Sell("e3", "AAPL", 1, 10m))).RealizedPnl,
            Assert.Single(book.ApplyFill(Sell("e4", "AAPL", 1, 10m))).RealizedPnl,
        };

        // Each share is taken pro rata from what the lot still carries, rounded to 8 places.
        Assert.Equal(-0.33333333m, pnl[0]);
        Assert.Equal(-0.33333334m, pnl[1]);
        Assert.Equal(-0.33333333m, pnl[2]);
        Assert.Equal(-1m, pnl.Sum());
    }

    [Fact]
    public void A_repeated_exec_id_changes_nothing_even_with_different_content()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 10, 100m));
        Assert.Single(book.ApplyFill(Sell("e2", "AAPL", 4, 110m)));

        Assert.Empty(book.ApplyFill(Sell("e2", "AAPL", 4, 110m)));
        Assert.Empty(book.ApplyFill(Buy("e1", "AAPL", 99, 1m)));

        Assert.Equal(6m, book.QuantityOf("AAPL"));
        Assert.True(book.HasExecution("e1"));
        Assert.True(book.HasExecution("e2"));
        Assert.False(book.HasExecution("e3"));
        Assert.Equal(new[] { "e1", "e2" }, book.ExecIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_invalid_fill_is_refused_and_leaves_the_book_and_its_exec_ids_untouched()
    {
        var book = new PositionBook();
        Assert.Throws<ArgumentException>(() => book.ApplyFill(Buy("e1", "AAPL", 0, 100m)));
        Assert.Throws<ArgumentException>(() => book.ApplyFill(Buy("e1", "AAPL", 10, 0m)));
        Assert.Throws<ArgumentException>(() => book.ApplyFill(Buy("", "AAPL", 10, 100m)));
        Assert.Throws<ArgumentException>(() => book.ApplyFill(Buy("e1", "AAPL", 10, 100m) with { Side = (OrderSide)7 }));

        Assert.False(book.HasExecution("e1"));
        Assert.Empty(book.ExecIds);
        Assert.Equal(0, book.Count);

        book.ApplyFill(Buy("e1", "AAPL", 10, 100m));
        Assert.Equal(10m, book.QuantityOf("AAPL"));
    }

    [Fact]
    public void Marks_give_unrealized_pnl_per_position_per_strategy_and_in_total()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 10, 100m, strategy: "alpha"));
        book.ApplyFill(Buy("e2", "AAPL", 10, 104m, strategy: "beta"));
        book.ApplyFill(Sell("e3", "MSFT", 5, 50m, strategy: "beta"));
        book.ApplyFill(Buy("e4", "NVDA", 1, 500m, strategy: "alpha"));

        book.Mark("AAPL", 105m);
        book.Mark("MSFT", 40m);

        var aapl = PositionOf(book, "AAPL");
        Assert.Equal(105m, aapl.Mark);
        Assert.Equal(60m, aapl.UnrealizedPnl);
        Assert.Equal(50m, PositionOf(book, "MSFT").UnrealizedPnl);
        var nvda = PositionOf(book, "NVDA");
        Assert.Null(nvda.Mark);
        Assert.Equal(0m, nvda.UnrealizedPnl);

        Assert.Equal(110m, book.UnrealizedPnl);
        Assert.Equal(50m, book.UnrealizedPnlFor("alpha"));
        Assert.Equal(60m, book.UnrealizedPnlFor("beta"));
        Assert.Equal(0m, book.UnrealizedPnlFor("nobody"));

        book.Mark("AAPL", 95m);
        Assert.Equal(-140m + 50m, book.UnrealizedPnl);
    }

    [Fact]
    public void A_mark_seen_before_a_position_opens_is_used_once_it_opens()
    {
        var book = new PositionBook();
        book.Mark("AAPL", 101m);
        Assert.Equal(0, book.Count);
        Assert.Equal(0m, book.UnrealizedPnl);

        book.ApplyFill(Buy("e1", "AAPL", 10, 100m));
        Assert.Equal(10m, book.UnrealizedPnl);
        Assert.Equal(101m, PositionOf(book, "AAPL").Mark);
    }

    [Fact]
    public void A_mark_that_is_not_positive_is_refused_so_a_no_price_tick_cannot_fake_a_loss()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 10, 100m));
        book.Mark("AAPL", 100m);
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Mark("AAPL", -1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Mark("AAPL", 0m));
        Assert.Equal(0m, book.UnrealizedPnl);
    }

    [Fact]
    public void Adopt_replaces_every_lot_by_one_reconciled_lot_at_the_broker_quantity_and_price()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 10, 100m, commission: 5m, strategy: "alpha"));
        book.ApplyFill(Buy("e2", "AAPL", 5, 101m, strategy: "beta"));
        book.Mark("AAPL", 100m);
        var now = T0.AddHours(1);

        book.Adopt("AAPL", 7m, 99.5m, now);

        var adopted = PositionOf(book, "AAPL");
        Assert.Equal(7m, adopted.Quantity);
        Assert.Equal(99.5m, adopted.AverageCost);
        Assert.Equal(now, adopted.OpenedAt);
        Assert.Equal(3.5m, adopted.UnrealizedPnl);
        Assert.Equal(3.5m, book.UnrealizedPnlFor(PositionBook.ReconciledStrategy));
        Assert.Equal(0m, book.UnrealizedPnlFor("alpha"));
        Assert.True(book.HasExecution("e1"));

        // No commission is carried over from the replaced lots.
        var trade = Assert.Single(book.ApplyFill(Sell("e3", "AAPL", 7, 100m)));
        Assert.Equal(PositionBook.ReconciledStrategy, trade.Strategy);
        Assert.Equal(3.5m, trade.RealizedPnl);
    }

    [Fact]
    public void Adopt_with_zero_removes_the_position_and_adopt_of_an_unknown_symbol_adds_one()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "AAPL", 10, 100m));

        book.Adopt("AAPL", 0m, 0m, T0);
        Assert.Equal(0, book.Count);
        Assert.False(book.TryGetPosition("AAPL", out _));

        book.Adopt("TSLA", -3m, 250m, T0);
        Assert.Equal(1, book.Count);
        Assert.Equal(-3m, book.QuantityOf("TSLA"));
        var covered = Assert.Single(book.ApplyFill(Buy("e2", "TSLA", 3, 240m)));
        Assert.Equal(30m, covered.RealizedPnl);
        Assert.Equal(OrderSide.Sell, covered.Side);
    }

    [Fact]
    public void Snapshot_lists_open_positions_sorted_by_symbol()
    {
        var book = new PositionBook();
        book.ApplyFill(Buy("e1", "MSFT", 1, 10m));
        book.ApplyFill(Buy("e2", "AAPL", 1, 10m));
        book.ApplyFill(Sell("e3", "TSLA", 1, 10m));
        book.ApplyFill(Buy("e4", "AA", 1, 10m));
        book.ApplyFill(Buy("e5", "ZZZ", 1, 10m));
        book.ApplyFill(Sell("e6", "ZZZ", 1, 10m));
        book.Mark("IBM", 100m);

        Assert.Equal(new[] { "AA", "AAPL", "MSFT", "TSLA" }, book.Snapshot().Select(p => p.Symbol));
        Assert.Equal(4, book.Count);
    }

    [Fact]
    public void A_thousand_symbols_are_tracked_and_quantity_lookups_do_not_allocate()
    {
        var book = new PositionBook();
        var symbols = Enumerable.Range(0, 1000).Select(i => $"S{i:D4}").ToArray();
        for (var i = 0; i < symbols.Length; i++)
        {
            book.ApplyFill(Buy($"b{i}", symbols[i], i + 1, 10m));
            book.ApplyFill(Sell($"s{i}", symbols[i], 1, 11m));
            book.Mark(symbols[i], 12m);
        }

        Assert.Equal(999, book.Count);
        var total = 0m;
        var allocated = Allocations.Fewest(() =>
        {
            for (var round = 0; round < 2; round++)
            {
                foreach (var symbol in symbols)
                    total += book.QuantityOf(symbol);
            }
        });
        Assert.Equal(0, allocated);
        Assert.Equal(10 * (1000m * 1001m / 2m - 1000m), total);
        Assert.Equal(2m * (1000m * 1001m / 2m - 1000m), book.UnrealizedPnl);
        Assert.Equal(symbols.Skip(1), book.Snapshot().Select(p => p.Symbol));
    }
}
