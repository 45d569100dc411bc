using System.Text.RegularExpressions;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Simulator;

public class PaperExchangeTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Quotes_move_on_every_tick_and_are_published_with_a_one_or_two_cent_spread()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("AAPL", out var before);

        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Empty(log.Of<PaperQuoteUpdated>()); // not started: nothing moves

        exchange.Start();
        _clock.Advance(TimeSpan.FromSeconds(1));

        var quotes = log.Of<PaperQuoteUpdated>();
        Assert.Equal(4 * 5, quotes.Count);
        Assert.Equal(5, quotes.Select(q => q.Quote.Symbol).Distinct().Count());
        Assert.Equal(4, quotes.Select(q => q.Time).Distinct().Count());
        Assert.All(quotes, q =>
        {
            Assert.InRange(q.Quote.Ask - q.Quote.Bid, 0.01m, 0.03m);
            Assert.True(q.Quote.Last == q.Quote.Bid || q.Quote.Last == q.Quote.Ask);
        });
        var aapl = quotes.Where(q => q.Quote.Symbol == "AAPL").Select(q => q.Quote.Mark).Prepend(before.Mark).ToList();
        Assert.True(aapl.Distinct().Count() > 1, "the AAPL mid never moved");
        Assert.InRange(aapl[^1], 185m, 195m);
    }

    [Fact]
    public void A_market_buy_fills_at_once_at_the_ask_with_the_minimum_commission()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("MSFT", out var quote);

        var id = exchange.PlaceOrder(Paper.Market("MSFT", OrderSide.Buy, 3, "COT-aaaa"));

        var execution = Assert.Single(log.ExecutionsOf(id));
        Assert.Equal(quote.Ask, execution.Price);
        Assert.Equal(3, execution.Quantity);
        Assert.Equal(1.00m, execution.Commission); // 3 × 0.005 is below the $1 minimum
        Assert.Equal("COT-aaaa", execution.OrderRef);
        Assert.Equal(1, execution.ClientId);
        Assert.Null(execution.RealizedPnl);
        Assert.Equal(
            [PaperOrderStatus.Submitted, PaperOrderStatus.Filled],
            log.StatusesOf(id).Select(s => s.Order.Status));

        // TWS order: the order opens, then execDetails, then orderStatus Filled.
        var kinds = log.All.Where(e => e is not PaperQuoteUpdated).Select(e => e.GetType().Name).ToList();
        Assert.Equal(["PaperOrderStatusChanged", "PaperOrderExecuted", "PaperOrderStatusChanged", "PaperPositionChanged"], kinds);

        var snapshot = exchange.GetSnapshot();
        var position = Assert.Single(snapshot.Positions);
        Assert.Equal(("MSFT", 3m, quote.Ask), (position.Symbol, position.Quantity, position.AverageCost));
        Assert.Equal(100_000m - (3 * quote.Ask) - 1m, snapshot.Account.Cash);
        Assert.Empty(snapshot.OpenOrders);
    }

    [Fact]
    public void A_market_sell_fills_at_the_bid_and_realizes_the_round_trip()
    {
        using var exchange = Paper.Exchange(_clock);
        exchange.TryGetQuote("NVDA", out var entry);
        exchange.PlaceOrder(Paper.Market("NVDA", OrderSide.Buy, 10));
        exchange.GapPrice("NVDA", 2);
        exchange.TryGetQuote("NVDA", out var exit);
        var log = new EventLog(exchange);

        var id = exchange.PlaceOrder(Paper.Market("NVDA", OrderSide.Sell, 10));

        var execution = Assert.Single(log.ExecutionsOf(id));
        Assert.Equal(exit.Bid, execution.Price);
        Assert.Equal(((exit.Bid - entry.Ask) * 10) - 1m, execution.RealizedPnl);
        var snapshot = exchange.GetSnapshot();
        Assert.Empty(snapshot.Positions);
        Assert.Equal(100_000m + ((exit.Bid - entry.Ask) * 10) - 2m, snapshot.Account.Cash);
        Assert.Equal(snapshot.Account.Cash, snapshot.Account.NetLiquidation);
    }

    [Fact]
    public void A_limit_rests_until_the_market_reaches_it_then_fills_at_its_limit_even_through_a_gap()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("AAPL", out var quote);
        var limit = Math.Round(quote.Bid * 0.995m, 2);

        var id = exchange.PlaceOrder(new PaperOrderRequest("AAPL", OrderSide.Buy, 2, OrderType.Limit, limit) { ClientId = 1 });
        Assert.Empty(log.ExecutionsOf(id));
        Assert.Equal(PaperOrderStatus.Submitted, Assert.Single(exchange.GetSnapshot().OpenOrders).Status);

        exchange.GapPrice("AAPL", -2);

        var execution = Assert.Single(log.ExecutionsOf(id));
        Assert.Equal(limit, execution.Price);
        exchange.TryGetQuote("AAPL", out var after);
        Assert.True(after.Ask < limit);
    }

    [Fact]
    public void A_marketable_limit_fills_at_the_touch()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("SPY", out var quote);

        var id = exchange.PlaceOrder(new PaperOrderRequest("SPY", OrderSide.Sell, 1, OrderType.Limit, quote.Bid - 1m) { ClientId = 1 });

        Assert.Equal(quote.Bid, Assert.Single(log.ExecutionsOf(id)).Price);
    }

    [Fact]
    public void A_stop_triggers_when_the_price_trades_through_and_fills_as_a_market_order()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("TSLA", out var quote);
        var stop = Math.Round(quote.Bid * 0.995m, 2);
        var id = exchange.PlaceOrder(new PaperOrderRequest("TSLA", OrderSide.Sell, 1, OrderType.Stop, StopPrice: stop) { ClientId = 1 });

        exchange.GapPrice("TSLA", -0.2m);
        Assert.Empty(log.ExecutionsOf(id));

        exchange.GapPrice("TSLA", -1);

        exchange.TryGetQuote("TSLA", out var gapped);
        var execution = Assert.Single(log.ExecutionsOf(id));
        Assert.Equal(gapped.Bid, execution.Price); // slipped below the stop, as a market order does
        Assert.True(execution.Price < stop);
    }

    [Fact]
    public void A_stop_limit_triggers_at_its_stop_then_fills_only_within_its_limit()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("MSFT", out var quote);
        var stop = Math.Round(quote.Bid * 0.995m, 2);
        var limit = Math.Round(quote.Bid * 0.993m, 2);
        var id = exchange.PlaceOrder(new PaperOrderRequest("MSFT", OrderSide.Sell, 1, OrderType.StopLimit, limit, stop) { ClientId = 1 });

        exchange.GapPrice("MSFT", -1.5m); // through the stop and the limit: triggered, not fillable
        Assert.Empty(log.ExecutionsOf(id));
        Assert.Single(exchange.GetSnapshot().OpenOrders);

        exchange.GapPrice("MSFT", 0.9m); // back above the limit (still below the stop)
        exchange.TryGetQuote("MSFT", out var now);
        Assert.True(now.Bid >= limit && now.Bid < stop);

        Assert.Equal(limit, Assert.Single(log.ExecutionsOf(id)).Price);
    }

    [Fact]
    public void Orders_above_one_share_may_fill_in_two_or_three_chunks_on_successive_ticks()
    {
        using var exchange = Paper.Exchange(_clock, Paper.Quiet() with { PartialFillProbability = 1 });
        var log = new EventLog(exchange);
        exchange.Start();

        var id = exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 5));
        var first = Assert.Single(log.ExecutionsOf(id));
        Assert.InRange(first.Quantity, 1, 4);
        var partial = log.StatusesOf(id)[^1].Order;
        Assert.Equal((PaperOrderStatus.Submitted, first.Quantity), (partial.Status, partial.Filled));

        _clock.Advance(TimeSpan.FromSeconds(1));

        var executions = log.ExecutionsOf(id);
        Assert.InRange(executions.Count, 2, 3);
        Assert.Equal(5, executions.Sum(e => e.Quantity));
        Assert.Equal(executions.Count, executions.Select(e => e.Time).Distinct().Count());
        Assert.Equal(5, executions[^1].CumulativeQuantity);
        Assert.Equal(PaperOrderStatus.Filled, log.StatusesOf(id)[^1].Order.Status);
        var expectedAverage = Math.Round(executions.Sum(e => e.Quantity * e.Price) / 5, 6);
        Assert.Equal(expectedAverage, executions[^1].AveragePrice);
    }

    [Fact]
    public void One_share_orders_never_fill_partially()
    {
        using var exchange = Paper.Exchange(_clock, Paper.Quiet() with { PartialFillProbability = 1 });
        var log = new EventLog(exchange);

        var id = exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1));

        Assert.Equal(1, Assert.Single(log.ExecutionsOf(id)).Quantity);
    }

    [Fact]
    public void Bracket_children_are_held_until_the_parent_fills_then_the_stop_loss_fills_and_cancels_the_take_profit()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("AAPL", out var quote);
        var entry = Math.Round(quote.Bid * 0.997m, 2);
        var ids = exchange.PlaceBracket(
            new PaperOrderRequest("AAPL", OrderSide.Buy, 4, OrderType.Limit, entry) { ClientId = 1, OrderRef = "COT-b" },
            new PaperOrderRequest("AAPL", OrderSide.Sell, 4, OrderType.Limit, Math.Round(entry * 1.01m, 2)) { ClientId = 1, OrderRef = "COT-b-TP" },
            new PaperOrderRequest("AAPL", OrderSide.Sell, 4, OrderType.Stop, StopPrice: Math.Round(entry * 0.99m, 2)) { ClientId = 1, OrderRef = "COT-b-SL" });

        var open = exchange.GetSnapshot().OpenOrders;
        Assert.Equal([ids.ParentId, ids.TakeProfitId, ids.StopLossId], open.Select(o => o.OrderId));
        Assert.Equal([PaperOrderStatus.Submitted, PaperOrderStatus.PreSubmitted, PaperOrderStatus.PreSubmitted], open.Select(o => o.Status));
        Assert.All(open.Skip(1), child => Assert.Equal((ids.ParentId, $"OCA-{ids.ParentId}"), (child.ParentId!.Value, child.OcaGroup)));

        exchange.GapPrice("AAPL", -0.5m); // parent fills at its limit, children go live
        Assert.Single(log.ExecutionsOf(ids.ParentId));
        open = exchange.GetSnapshot().OpenOrders;
        Assert.Equal([ids.TakeProfitId, ids.StopLossId], open.Select(o => o.OrderId));
        Assert.All(open, child => Assert.Equal((PaperOrderStatus.Submitted, 4m), (child.Status, child.Quantity)));

        exchange.GapPrice("AAPL", -1.5m); // through the stop-loss

        Assert.Equal(4, Assert.Single(log.ExecutionsOf(ids.StopLossId)).Quantity);
        Assert.Empty(log.ExecutionsOf(ids.TakeProfitId));
        Assert.Equal(PaperOrderStatus.Cancelled, log.StatusesOf(ids.TakeProfitId)[^1].Order.Status);
        Assert.Contains(log.Of<PaperErrorRaised>(), e => e.Id == ids.TakeProfitId && e.Code == 202);
        Assert.Empty(exchange.GetSnapshot().OpenOrders);
        Assert.Empty(exchange.GetSnapshot().Positions);
        Assert.True(exchange.GetSnapshot().Account.RealizedPnl < 0);
    }

    [Fact]
    public void The_take_profit_filling_cancels_the_stop_loss()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("NVDA", out var quote);
        var ids = exchange.PlaceBracket(
            new PaperOrderRequest("NVDA", OrderSide.Sell, 2, OrderType.Market) { ClientId = 1 },
            new PaperOrderRequest("NVDA", OrderSide.Buy, 2, OrderType.Limit, Math.Round(quote.Bid * 0.995m, 2)) { ClientId = 1 },
            new PaperOrderRequest("NVDA", OrderSide.Buy, 2, OrderType.Stop, StopPrice: Math.Round(quote.Ask * 1.005m, 2)) { ClientId = 1 });
        Assert.Equal(-2, Assert.Single(exchange.GetSnapshot().Positions).Quantity);

        exchange.GapPrice("NVDA", -1);

        Assert.Single(log.ExecutionsOf(ids.TakeProfitId));
        Assert.Equal(PaperOrderStatus.Cancelled, log.StatusesOf(ids.StopLossId)[^1].Order.Status);
        Assert.Empty(exchange.GetSnapshot().Positions);
        Assert.True(exchange.GetSnapshot().Account.RealizedPnl > 0);
    }

    [Fact]
    public void Bracket_children_are_sized_to_what_the_parent_has_filled_so_far()
    {
        using var exchange = Paper.Exchange(_clock, Paper.Quiet() with { PartialFillProbability = 1 });
        var log = new EventLog(exchange);
        exchange.Start();
        exchange.TryGetQuote("SPY", out var quote);

        var ids = exchange.PlaceBracket(
            new PaperOrderRequest("SPY", OrderSide.Buy, 6, OrderType.Market) { ClientId = 1 },
            new PaperOrderRequest("SPY", OrderSide.Sell, 6, OrderType.Limit, quote.Ask * 1.2m) { ClientId = 1 },
            new PaperOrderRequest("SPY", OrderSide.Sell, 6, OrderType.Stop, StopPrice: quote.Bid * 0.8m) { ClientId = 1 });

        var filled = log.ExecutionsOf(ids.ParentId).Sum(e => e.Quantity);
        Assert.InRange(filled, 1, 5);
        Assert.All(exchange.GetSnapshot().OpenOrders.Where(o => o.ParentId == ids.ParentId), c => Assert.Equal(filled, c.Quantity));

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(6, log.ExecutionsOf(ids.ParentId).Sum(e => e.Quantity));
        var children = exchange.GetSnapshot().OpenOrders;
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal((PaperOrderStatus.Submitted, 6m), (c.Status, c.Quantity)));
    }

    [Fact]
    public void Cancelling_a_parent_that_never_filled_cancels_its_children()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("AAPL", out var quote);
        var ids = exchange.PlaceBracket(
            new PaperOrderRequest("AAPL", OrderSide.Buy, 1, OrderType.Limit, quote.Bid * 0.9m) { ClientId = 1 },
            new PaperOrderRequest("AAPL", OrderSide.Sell, 1, OrderType.Limit, quote.Ask * 1.1m) { ClientId = 1 },
            new PaperOrderRequest("AAPL", OrderSide.Sell, 1, OrderType.Stop, StopPrice: quote.Bid * 0.85m) { ClientId = 1 });

        Assert.True(exchange.CancelOrder(ids.ParentId));

        Assert.Empty(exchange.GetSnapshot().OpenOrders);
        Assert.Equal(
            [ids.ParentId, ids.TakeProfitId, ids.StopLossId],
            log.Of<PaperErrorRaised>().Where(e => e.Code == 202).Select(e => e.Id));
        Assert.All(log.Of<PaperErrorRaised>(), e => Assert.StartsWith("Order Canceled - reason:", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Global_cancel_cancels_every_working_order_of_every_client()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.TryGetQuote("MSFT", out var quote);
        var ours = exchange.PlaceOrder(new PaperOrderRequest("MSFT", OrderSide.Buy, 1, OrderType.Limit, quote.Bid * 0.9m) { ClientId = 1, OrderRef = "COT-1" });
        var theirs = exchange.PlaceExternalOrder("TSLA", OrderSide.Sell, 3, OrderType.Limit, limitPrice: 999m);
        var manual = exchange.PlaceOrder(new PaperOrderRequest("SPY", OrderSide.Buy, 1, OrderType.Stop, StopPrice: 9_999m) { ClientId = 0 });
        exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1));
        var protectedIds = exchange.PlaceBracket(
            new PaperOrderRequest("NVDA", OrderSide.Buy, 1, OrderType.Market) { ClientId = 1 },
            new PaperOrderRequest("NVDA", OrderSide.Sell, 1, OrderType.Limit, 999m) { ClientId = 1 },
            new PaperOrderRequest("NVDA", OrderSide.Sell, 1, OrderType.Stop, StopPrice: 1m) { ClientId = 1 });
        Assert.Equal(5, exchange.GetSnapshot().OpenOrders.Count);
        Assert.Equal([0, 1, 1, 1, PaperExchange.DefaultExternalClientId], exchange.GetSnapshot().OpenOrders.Select(o => o.ClientId).Order());

        var cancelled = exchange.GlobalCancel();

        Assert.Equal(5, cancelled);
        Assert.Empty(exchange.GetSnapshot().OpenOrders);
        foreach (var id in new[] { ours, theirs, manual, protectedIds.TakeProfitId, protectedIds.StopLossId })
            Assert.Equal(PaperOrderStatus.Cancelled, log.StatusesOf(id)[^1].Order.Status);
        Assert.Equal(2, exchange.GetSnapshot().Positions.Count); // global cancel cancels orders; positions stay
    }

    [Fact]
    public void Cancelling_an_unknown_or_finished_order_raises_10147()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        var filled = exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1));

        Assert.False(exchange.CancelOrder(999));
        Assert.False(exchange.CancelOrder(filled));

        var errors = log.Of<PaperErrorRaised>();
        Assert.Equal([(999L, 10147), (filled, 10147)], errors.Select(e => (e.Id, e.Code)));
        Assert.Equal("OrderId 999 that needs to be cancelled is not found.", errors[0].Message);
    }

    [Fact]
    public void RejectNext_rejects_the_next_order_with_that_code_and_reason_then_trading_goes_on()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.RejectNext(201, "insufficient margin");

        var rejected = exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1, "COT-r"));
        var accepted = exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1));

        var rejection = Assert.Single(log.Of<PaperOrderRejected>());
        Assert.Equal((rejected, 201, "Order rejected - reason: insufficient margin", "COT-r"), (rejection.Order.OrderId, rejection.Code, rejection.Message, rejection.Order.OrderRef));
        Assert.Equal([PaperOrderStatus.Inactive], log.StatusesOf(rejected).Select(s => s.Order.Status));
        Assert.Empty(log.ExecutionsOf(rejected));
        Assert.Single(log.ExecutionsOf(accepted));
        Assert.True(exchange.TryGetOrder(rejected, out var order));
        Assert.Equal(PaperOrderStatus.Inactive, order!.Status);
    }

    [Fact]
    public void An_unknown_symbol_is_rejected_with_200()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);

        exchange.PlaceOrder(Paper.Market("ZZZZ", OrderSide.Buy, 1));

        var rejection = Assert.Single(log.Of<PaperOrderRejected>());
        Assert.Equal((200, "No security definition has been found for the request"), (rejection.Code, rejection.Message));
    }

    [Theory]
    [InlineData(OrderType.Limit, null, null, 321)]
    [InlineData(OrderType.Stop, null, null, 321)]
    [InlineData(OrderType.Market, null, null, 434)]
    public void Malformed_orders_are_rejected_with_a_validation_code(OrderType type, double? limit, double? stop, int code)
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);

        exchange.PlaceOrder(new PaperOrderRequest("AAPL", OrderSide.Buy, code == 434 ? 0 : 1, type, (decimal?)limit, (decimal?)stop));

        Assert.Equal(code, Assert.Single(log.Of<PaperOrderRejected>()).Code);
    }

    [Fact]
    public void An_order_beyond_the_buying_power_is_rejected_for_insufficient_margin()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);

        exchange.PlaceOrder(Paper.Market("SPY", OrderSide.Buy, 1_000)); // 560k > 4 × 100k

        Assert.Equal("Order rejected - reason: insufficient margin", Assert.Single(log.Of<PaperOrderRejected>()).Message);
    }

    [Fact]
    public void Random_rejections_come_at_about_the_configured_rate_with_a_reason()
    {
        using var exchange = Paper.Exchange(_clock, Paper.Quiet() with { RejectProbability = 0.25 });
        var log = new EventLog(exchange);

        for (var i = 0; i < 400; i++)
            exchange.PlaceOrder(Paper.Market("AAPL", i % 2 == 0 ? OrderSide.Buy : OrderSide.Sell, 1));

        var rejections = log.Of<PaperOrderRejected>();
        Assert.InRange(rejections.Count, 70, 130);
        Assert.All(rejections, r => Assert.Equal(201, r.Code));
        Assert.Equal(
            ["Order rejected - reason: insufficient margin", "Order rejected - reason: price outside limits", "Order rejected - reason: symbol halted"],
            rejections.Select(r => r.Message).Distinct().Order());
    }

    [Fact]
    public void External_orders_are_never_randomly_rejected_and_carry_their_own_client_id()
    {
        using var exchange = Paper.Exchange(_clock, Paper.Quiet() with { RejectProbability = 1 });
        var log = new EventLog(exchange);

        var id = exchange.PlaceExternalOrder("AAPL", OrderSide.Buy, 2, clientId: 9, orderRef: "other-bot");

        Assert.Empty(log.Of<PaperOrderRejected>());
        var execution = Assert.Single(log.ExecutionsOf(id));
        Assert.Equal((9, "other-bot"), (execution.ClientId, execution.OrderRef));
        Assert.Throws<ArgumentException>(() => exchange.PlaceExternalOrder("AAPL", OrderSide.Buy, 1, orderRef: "COT-1234"));
    }

    [Fact]
    public void Order_ids_are_monotonic_and_execution_ids_unique_in_the_tws_format()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);

        var reserved = exchange.NextOrderId();
        var ids = Enumerable.Range(0, 5).Select(_ => exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1))).ToList();
        var chosen = exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1) with { OrderId = 50 });

        Assert.Equal(Enumerable.Range((int)reserved + 1, 5).Select(i => (long)i), ids);
        Assert.Equal(50, chosen);
        Assert.Equal(51, exchange.NextOrderId());
        var execIds = log.Of<PaperOrderExecuted>().Select(e => e.Execution.ExecId).ToList();
        Assert.Equal(6, execIds.Distinct().Count());
        Assert.All(execIds, id => Assert.Matches(new Regex("^[0-9a-f]{8}\\.[0-9a-f]{8}\\.01\\.01$"), id));

        exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1) with { OrderId = 50 });
        Assert.Contains(log.Of<PaperErrorRaised>(), e => e.Id == 50 && e.Code == 103);
    }

    [Fact]
    public void Adding_to_a_position_averages_its_cost_and_net_liquidation_marks_it_at_the_mid()
    {
        using var exchange = Paper.Exchange(_clock);
        exchange.TryGetQuote("AAPL", out var first);
        exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 2));
        exchange.GapPrice("AAPL", 1);
        exchange.TryGetQuote("AAPL", out var second);
        exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 2));

        var snapshot = exchange.GetSnapshot();
        var position = Assert.Single(snapshot.Positions);
        Assert.Equal(4, position.Quantity);
        Assert.Equal(Math.Round((first.Ask + second.Ask) / 2, 6), position.AverageCost);
        Assert.Equal(second.Mark, position.MarketPrice);
        Assert.Equal(Math.Round(snapshot.Account.Cash + (4 * second.Mark), 2), snapshot.Account.NetLiquidation);
        Assert.Equal(Math.Round(4 * second.Mark, 2), snapshot.Account.GrossPositionValue);
    }

    [Fact]
    public void An_injected_position_appears_without_any_order_or_execution()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);

        exchange.InjectPosition("TSLA", -7, 240m);

        var snapshot = exchange.GetSnapshot();
        Assert.Equal(("TSLA", -7m, 240m), (snapshot.Positions[0].Symbol, snapshot.Positions[0].Quantity, snapshot.Positions[0].AverageCost));
        Assert.Empty(snapshot.Executions);
        Assert.Empty(snapshot.OpenOrders);
        Assert.Single(log.Of<PaperPositionChanged>());
        Assert.Throws<ArgumentException>(() => exchange.InjectPosition("ZZZZ", 1, 1m));
    }

    [Fact]
    public void Stalled_quotes_stop_the_feed_but_not_the_market()
    {
        using var exchange = Paper.Exchange(_clock);
        var log = new EventLog(exchange);
        exchange.Start();
        exchange.StallQuotes(true);
        exchange.TryGetQuote("SPY", out var before);

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(log.Of<PaperQuoteUpdated>());
        exchange.TryGetQuote("SPY", out var during);
        Assert.NotEqual(before.Time, during.Time);
        Assert.Single(log.ExecutionsOf(exchange.PlaceOrder(Paper.Market("SPY", OrderSide.Buy, 1))));

        exchange.StallQuotes(false);
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(5, log.Of<PaperQuoteUpdated>().Count);
    }

    [Fact]
    public void Events_are_delivered_outside_the_lock_in_order_and_never_re_entrantly()
    {
        using var exchange = Paper.Exchange(_clock);
        var depth = 0;
        var maxDepth = 0;
        var seen = new List<string>();
        var otherThreadGotIn = true;
        exchange.Subscribe(e =>
        {
            maxDepth = Math.Max(maxDepth, ++depth);
            seen.Add(e.GetType().Name);
            if (seen.Count == 1)
            {
                // Another thread can use the exchange while we hold an event: the lock is not held.
                otherThreadGotIn = Task.Run(() => exchange.GetSnapshot()).Wait(TimeSpan.FromSeconds(10));

                // A call from inside a handler: its events come after this one returns.
                exchange.PlaceOrder(Paper.Market("MSFT", OrderSide.Buy, 1));
            }

            depth--;
        });

        exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1));

        Assert.True(otherThreadGotIn);
        Assert.Equal(1, maxDepth);
        Assert.Equal(8, seen.Count); // two orders × (status, execution, status, position)
        Assert.Equal(seen.Take(4), seen.Skip(4));
    }

    [Fact]
    public void Default_volatility_takes_a_bracket_half_a_percent_away_within_ten_to_forty_seconds()
    {
        var times = new List<double>();
        for (var seed = 0; seed < 12; seed++)
        {
            var clock = new ManualTimeProvider();
            using var exchange = new PaperExchange(new PaperExchangeOptions(), clock, new Random(seed));
            var start = exchange.Symbols.ToDictionary(s => s, s => Mid(exchange, s));
            var open = new HashSet<string>(exchange.Symbols);
            exchange.Start();
            for (var t = 1; t <= 4 * 300 && open.Count > 0; t++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
                foreach (var symbol in open.ToList())
                {
                    if (Math.Abs((Mid(exchange, symbol) / start[symbol]) - 1) >= 0.0045m)
                    {
                        times.Add(t / 4.0);
                        open.Remove(symbol);
                    }
                }
            }

            times.AddRange(open.Select(_ => 300.0));
        }

        times.Sort();
        var median = times[times.Count / 2];
        Assert.InRange(median, 10, 40);

        static decimal Mid(PaperExchange exchange, string symbol) => exchange.TryGetQuote(symbol, out var q) ? q.Mark : 0;
    }
}
