using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;

namespace ChatOpsTrader.Tests.Portfolio;

/// <summary>Random fill sequences (seeded, so failures reproduce) checked against cash-flow accounting and a unit-share FIFO model.</summary>
public class PositionBookPropertyTests
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "TSLA"];
    private static readonly string[] Strategies = ["alpha", "beta", ""];

    private static Fill RandomFill(Random random, int step, string? symbol = null, OrderSide? side = null, int? quantity = null, decimal? commission = null)
    {
        var s = symbol ?? Symbols[random.Next(Symbols.Length)];
        return new Fill(
            $"x{step}",
            step,
            "COT-0000000000000000",
            s,
            side ?? (random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell),
            quantity ?? random.Next(1, 21),
            RandomPrice(random),
            commission ?? (random.Next(4) == 0 ? 0m : random.Next(0, 300) / 100m),
            PositionBookTests.T0.AddSeconds(step),
            Strategies[random.Next(Strategies.Length)]);
    }

    private static decimal RandomPrice(Random random) => 90m + (random.Next(0, 2001) / 100m);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public void Without_commissions_realized_plus_unrealized_equals_cash_flow_plus_marked_value_after_every_fill(int seed)
    {
        var random = new Random(seed);
        var book = new PositionBook();
        var net = Symbols.ToDictionary(s => s, _ => 0m);
        var marks = new Dictionary<string, decimal>();
        foreach (var symbol in Symbols)
        {
            marks[symbol] = RandomPrice(random);
            book.Mark(symbol, marks[symbol]);
        }

        // Independent FIFO model: one entry per share, signed by side.
        var units = Symbols.ToDictionary(s => s, _ => new Queue<(int Sign, decimal Price, string Strategy)>());
        var modelRealized = Strategies.ToDictionary(s => s, _ => 0m);
        var bookRealized = Strategies.ToDictionary(s => s, _ => 0m);
        var cash = 0m;

        for (var step = 0; step < 400; step++)
        {
            var fill = RandomFill(random, step, commission: 0m);
            var sign = fill.Side.Sign();
            foreach (var trade in book.ApplyFill(fill))
                bookRealized[trade.Strategy] += trade.RealizedPnl;

            var queue = units[fill.Symbol];
            for (var unit = 0; unit < fill.Quantity; unit++)
            {
                if (queue.Count > 0 && queue.Peek().Sign == -sign)
                {
                    var open = queue.Dequeue();
                    modelRealized[open.Strategy] += (fill.Price - open.Price) * open.Sign;
                }
                else
                {
                    queue.Enqueue((sign, fill.Price, fill.Strategy));
                }
            }

            cash -= sign * fill.Quantity * fill.Price;
            net[fill.Symbol] += sign * fill.Quantity;
            marks[fill.Symbol] = RandomPrice(random);
            book.Mark(fill.Symbol, marks[fill.Symbol]);

            Assert.Equal(net[fill.Symbol], book.QuantityOf(fill.Symbol));
            var markedValue = Symbols.Sum(s => net[s] * marks[s]);
            Assert.Equal(cash + markedValue, bookRealized.Values.Sum() + book.UnrealizedPnl);
            Assert.Equal(book.UnrealizedPnl, Strategies.Sum(book.UnrealizedPnlFor));
            foreach (var strategy in Strategies)
                Assert.Equal(modelRealized[strategy], bookRealized[strategy]);
        }

        Assert.Equal(Symbols.Count(s => net[s] != 0), book.Count);
        foreach (var position in book.Snapshot())
        {
            var queue = units[position.Symbol];
            Assert.Equal(queue.Sum(u => u.Price) / queue.Count, position.AverageCost);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void With_commissions_every_cent_charged_is_realized_once_the_book_is_flat(int seed)
    {
        var random = new Random(seed);
        var book = new PositionBook();
        var cash = 0m;
        var realized = 0m;
        var step = 0;
        for (; step < 300; step++)
        {
            var fill = RandomFill(random, step);
            realized += book.ApplyFill(fill).Sum(t => t.RealizedPnl);
            cash -= (fill.Side.Sign() * fill.Quantity * fill.Price) + fill.Commission;
        }

        foreach (var symbol in Symbols)
        {
            var quantity = book.QuantityOf(symbol);
            if (quantity == 0)
                continue;
            var close = RandomFill(random, ++step, symbol, quantity > 0 ? OrderSide.Sell : OrderSide.Buy, (int)Math.Abs(quantity));
            realized += book.ApplyFill(close).Sum(t => t.RealizedPnl);
            cash -= (close.Side.Sign() * close.Quantity * close.Price) + close.Commission;
        }

        Assert.Equal(0, book.Count);
        Assert.Equal(0m, book.UnrealizedPnl);
        Assert.Equal(cash, realized);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Redelivered_executions_leave_exactly_the_trades_and_positions_of_a_single_delivery(int seed)
    {
        var random = new Random(seed);
        var fills = Enumerable.Range(0, 200).Select(i => RandomFill(random, i)).ToList();

        var once = new PositionBook();
        var expected = fills.SelectMany(once.ApplyFill).ToList();

        var twice = new PositionBook();
        var actual = new List<ClosedTrade>();
        for (var i = 0; i < fills.Count; i++)
        {
            actual.AddRange(twice.ApplyFill(fills[i]));
            if (random.Next(3) == 0)
                Assert.Empty(twice.ApplyFill(fills[random.Next(i + 1)]));
        }

        Assert.Equal(expected, actual);
        Assert.Equal(once.Snapshot(), twice.Snapshot());
        Assert.Equal(fills.Count, twice.ExecIds.Count);
    }
}
