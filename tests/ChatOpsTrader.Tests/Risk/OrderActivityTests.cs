using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Risk;
using static ChatOpsTrader.Tests.Risk.RiskTestData;

namespace ChatOpsTrader.Tests.Risk;

public class OrderActivityTests
{
    private readonly OrderActivity _activity = new(RiskLimits.Default, Day);

    private static OrderCheck Order(int n) => Limit("AAPL", OrderSide.Buy, n, 100m);

    // ---- Orders today, the daily reset and the persisted state ----

    [Fact]
    public void Orders_today_counts_orders_sent_not_attempts_or_cancels()
    {
        _activity.RecordAttempt(Order(1), T0);
        _activity.RecordCancelSent(T0);
        Assert.Equal(0, _activity.OrdersToday);
        _activity.RecordOrderSent(Order(1), T0);
        _activity.RecordOrderSent(Order(2), T0.AddSeconds(2));
        Assert.Equal(2, _activity.OrdersToday);
    }

    [Fact]
    public void The_daily_reset_clears_the_count_for_a_new_day_only()
    {
        _activity.RecordOrderSent(Order(1), T0);
        Assert.False(_activity.ResetDay(Day));
        Assert.False(_activity.ResetDay(Day.AddDays(-1)));
        Assert.Equal(1, _activity.OrdersToday);
        Assert.True(_activity.ResetDay(Day.AddDays(1)));
        Assert.Equal(0, _activity.OrdersToday);
        Assert.Equal(Day.AddDays(1), _activity.TradingDay);
    }

    [Fact]
    public void Orders_today_survive_a_restart_on_the_same_trading_day()
    {
        _activity.RecordOrderSent(Order(1), T0);
        _activity.RecordOrderSent(Order(2), T0.AddSeconds(5));
        var state = _activity.Export();
        Assert.Equal("v1;day=2026-11-17;orders=2", state);

        var restored = OrderActivity.Import(state, RiskLimits.Default, Day);
        Assert.Equal(2, restored.OrdersToday);
        Assert.Equal(Day, restored.TradingDay);
    }

    [Fact]
    public void Orders_of_an_earlier_day_are_not_restored()
    {
        var restored = OrderActivity.Import("v1;day=2026-11-16;orders=57", RiskLimits.Default, Day);
        Assert.Equal(0, restored.OrdersToday);
        Assert.Equal(Day, restored.TradingDay);
    }

    [Fact]
    public void Orders_of_a_later_day_are_kept_so_a_clock_going_back_cannot_reopen_the_count()
    {
        var restored = OrderActivity.Import("v1;day=2026-11-18;orders=57", RiskLimits.Default, Day);
        Assert.Equal(57, restored.OrdersToday);
        Assert.False(restored.ResetDay(Day.AddDays(1)));
    }

    [Fact]
    public void An_empty_state_starts_a_fresh_day()
    {
        Assert.Equal(0, OrderActivity.Import(null, RiskLimits.Default, Day).OrdersToday);
        Assert.Equal(0, OrderActivity.Import(" ", RiskLimits.Default, Day).OrdersToday);
    }

    [Theory]
    [InlineData("v2;day=2026-11-17;orders=2")]
    [InlineData("v1;day=2026-11-17")]
    [InlineData("v1;day=17/11/2026;orders=2")]
    [InlineData("v1;day=2026-11-17;orders=-2")]
    [InlineData("v1;day=2026-11-17;orders=2;extra=1")]
    [InlineData("garbage")]
    public void A_corrupt_state_is_refused_rather_than_guessed(string state)
    {
        Assert.Throws<FormatException>(() => OrderActivity.Import(state, RiskLimits.Default, Day));
    }

    // ---- Runaway: orders ----

    [Fact]
    public void Twenty_orders_in_ten_seconds_are_not_a_runaway()
    {
        for (var i = 0; i < 20; i++)
            _activity.RecordOrderSent(Order(i + 1), T0.AddMilliseconds(i * 100));
        Assert.Null(_activity.CheckRunaway(T0.AddSeconds(2)));
    }

    [Fact]
    public void The_twenty_first_order_in_ten_seconds_is_a_runaway_named_with_both_numbers()
    {
        for (var i = 0; i < 21; i++)
            _activity.RecordOrderSent(Order(i + 1), T0.AddMilliseconds(i * 100));
        var verdict = _activity.CheckRunaway(T0.AddSeconds(2));
        Assert.NotNull(verdict);
        Assert.Equal(RunawayKind.Orders, verdict.Kind);
        Assert.Equal(21, verdict.Count);
        Assert.Equal(20, verdict.Limit);
        Assert.Equal(T0.AddMilliseconds(2_000), verdict.DetectedAt);
        Assert.Equal("runaway: 21 orders in 10 s (limit 20)", verdict.Describe());
    }

    [Fact]
    public void The_order_window_slides_an_order_exactly_one_window_old_has_left_it()
    {
        for (var i = 0; i < 20; i++)
            _activity.RecordOrderSent(Order(i + 1), T0.AddMilliseconds(i * 500));
        _activity.RecordOrderSent(Order(99), T0.AddSeconds(10));
        Assert.Null(_activity.CheckRunaway(T0.AddSeconds(10)));

        _activity.RecordOrderSent(Order(100), T0.AddSeconds(10).AddMilliseconds(499));
        Assert.Equal(21, _activity.CheckRunaway(T0.AddSeconds(11))?.Count);
    }

    [Fact]
    public void A_detected_runaway_is_reported_for_one_window_then_expires()
    {
        for (var i = 0; i < 21; i++)
            _activity.RecordOrderSent(Order(i + 1), T0);
        Assert.NotNull(_activity.CheckRunaway(T0.AddSeconds(9)));
        Assert.Null(_activity.CheckRunaway(T0.AddSeconds(10)));
    }

    [Fact]
    public void A_flood_beyond_what_the_detector_keeps_is_reported_as_at_least()
    {
        for (var i = 0; i < 100; i++)
            _activity.RecordOrderSent(Order(i + 1), T0);
        var verdict = _activity.CheckRunaway(T0);
        Assert.NotNull(verdict);
        Assert.True(verdict.CountIsLowerBound);
        Assert.StartsWith("runaway: at least ", verdict.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resetting_the_runaway_after_a_person_resumes_forgets_the_evidence()
    {
        for (var i = 0; i < 21; i++)
            _activity.RecordOrderSent(Order(i + 1), T0);
        _activity.ResetRunaway();
        Assert.Null(_activity.CheckRunaway(T0.AddSeconds(1)));
        _activity.RecordOrderSent(Order(50), T0.AddSeconds(1));
        Assert.Null(_activity.CheckRunaway(T0.AddSeconds(1)));
        Assert.Equal(22, _activity.OrdersToday);
    }

    // ---- Runaway: messages ----

    [Fact]
    public void Cancels_count_as_messages_and_forty_one_in_the_window_are_a_runaway()
    {
        for (var i = 0; i < 20; i++)
            _activity.RecordOrderSent(Order(i + 1), T0.AddMilliseconds(i * 10));
        for (var i = 0; i < 20; i++)
            _activity.RecordCancelSent(T0.AddMilliseconds(500 + (i * 10)));
        Assert.Null(_activity.CheckRunaway(T0.AddSeconds(1)));

        _activity.RecordCancelSent(T0.AddSeconds(1));
        var verdict = _activity.CheckRunaway(T0.AddSeconds(1));
        Assert.NotNull(verdict);
        Assert.Equal(RunawayKind.Messages, verdict.Kind);
        Assert.Equal("runaway: 41 messages (orders and cancels) in 10 s (limit 40)", verdict.Describe());
    }

    [Fact]
    public void Cancels_alone_can_be_a_runaway_and_the_window_slides()
    {
        for (var i = 0; i < 40; i++)
            _activity.RecordCancelSent(T0.AddMilliseconds(i * 250));
        _activity.RecordCancelSent(T0.AddSeconds(10));
        Assert.Null(_activity.CheckRunaway(T0.AddSeconds(10)));
        _activity.RecordMessageSent(T0.AddSeconds(10));
        Assert.Equal(RunawayKind.Messages, _activity.CheckRunaway(T0.AddSeconds(10))?.Kind);
    }

    // ---- Runaway: identical attempts ----

    [Fact]
    public void Four_identical_attempts_are_not_a_runaway_and_the_fifth_is()
    {
        var order = Order(10);
        for (var i = 0; i < 4; i++)
            _activity.RecordAttempt(order, T0.AddSeconds(i * 10));
        Assert.Null(_activity.CheckRunaway(T0.AddSeconds(40)));

        _activity.RecordAttempt(order, T0.AddSeconds(59));
        var verdict = _activity.CheckRunaway(T0.AddSeconds(59));
        Assert.NotNull(verdict);
        Assert.Equal(RunawayKind.IdenticalOrders, verdict.Kind);
        Assert.Equal(5, verdict.Count);
        Assert.Equal(order, verdict.Order);
        Assert.Equal("runaway: 5 identical orders in 60 s (a runaway at 5): momo BUY 10 AAPL LMT limit 100", verdict.Describe());
    }

    [Fact]
    public void Identical_attempts_spread_over_more_than_the_window_are_not_a_runaway()
    {
        var order = Order(10);
        for (var i = 0; i < 5; i++)
            _activity.RecordAttempt(order, T0.AddSeconds(i * 15));
        Assert.Null(_activity.CheckRunaway(T0.AddSeconds(60)));
    }

    [Fact]
    public void Attempts_that_differ_in_any_field_are_not_identical()
    {
        _activity.RecordAttempt(Order(10), T0);
        _activity.RecordAttempt(Order(11), T0);
        _activity.RecordAttempt(Order(10) with { Strategy = "other" }, T0);
        _activity.RecordAttempt(Order(10) with { Side = OrderSide.Sell }, T0);
        _activity.RecordAttempt(Order(10) with { LimitPrice = 100.01m }, T0);
        _activity.RecordAttempt(Order(10) with { Symbol = "MSFT" }, T0);
        Assert.Null(_activity.CheckRunaway(T0));
    }

    [Fact]
    public void Identical_attempts_interleaved_with_other_orders_are_still_found()
    {
        for (var i = 0; i < 5; i++)
        {
            for (var other = 0; other < 50; other++)
                _activity.RecordAttempt(Limit("S" + other, OrderSide.Buy, 1, 10m), T0.AddSeconds(i));
            _activity.RecordAttempt(Order(7), T0.AddSeconds(i));
        }

        Assert.Equal(RunawayKind.IdenticalOrders, _activity.CheckRunaway(T0.AddSeconds(5))?.Kind);
    }

    [Fact]
    public void Smaller_runaway_limits_take_effect_when_a_person_changes_them()
    {
        for (var i = 0; i < 5; i++)
            _activity.RecordOrderSent(Order(i + 1), T0);
        _activity.UpdateLimits(RiskLimits.Default with { RunawayMaxOrders = 5 });
        _activity.RecordOrderSent(Order(9), T0.AddSeconds(1));
        Assert.Equal("runaway: 6 orders in 10 s (limit 5)", _activity.CheckRunaway(T0.AddSeconds(1))?.Describe());
    }

    // ---- Bounded memory, no allocation ----

    [Fact]
    public void Recording_and_checking_allocate_nothing_in_the_steady_state()
    {
        // 100 distinct orders, one every 0.5 s: 20 orders and 40 messages in every 10 s window (at the limits,
        // not over), each order repeated every 50 s: the rings run full without a runaway.
        var orders = new OrderCheck[100];
        for (var i = 0; i < orders.Length; i++)
            orders[i] = Limit("SYM" + (i % 10), OrderSide.Buy, i + 1, 10m);
        var t = T0;
        var runaways = 0;
        void Run(int rounds)
        {
            for (var r = 0; r < rounds; r++)
            {
                foreach (var order in orders)
                {
                    t = t.AddMilliseconds(250);
                    _activity.RecordAttempt(order, t);
                    _activity.RecordOrderSent(order, t);
                    t = t.AddMilliseconds(250);
                    _activity.RecordCancelSent(t);
                    runaways += _activity.CheckRunaway(t) is null ? 0 : 1;
                }
            }
        }

        Run(20);
        var allocated = Allocations.Fewest(() => Run(20));
        Assert.Equal(0, runaways);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_time_ring_drops_entries_that_left_the_window()
    {
        var ring = new TimeRing<int>(4, 4);
        for (var i = 0; i < 100; i++)
            ring.Push(i * 10, i, retainTicks: 25);
        Assert.Equal(3, ring.Count);
        Assert.Equal(970, ring.TicksAt(0));
        Assert.Equal(99, ring.ValueAt(2));
    }

    [Fact]
    public void The_time_ring_grows_up_to_its_maximum_then_overwrites_the_oldest()
    {
        var ring = new TimeRing<int>(2, 8);
        for (var i = 0; i < 8; i++)
            Assert.True(ring.Push(i, i, retainTicks: 1_000));
        Assert.Equal(8, ring.Capacity);
        Assert.False(ring.Push(8, 8, retainTicks: 1_000));
        Assert.Equal(8, ring.Count);
        Assert.Equal(1, ring.ValueAt(0));
        Assert.Equal(8, ring.ValueAt(7));
    }

    [Fact]
    public void The_time_ring_keeps_the_newest_entries_when_it_shrinks()
    {
        var ring = new TimeRing<int>(8, 8);
        for (var i = 0; i < 6; i++)
            ring.Push(i, i, retainTicks: 1_000);
        ring.Reconfigure(4, 4);
        Assert.Equal(4, ring.Count);
        Assert.Equal(2, ring.ValueAt(0));
        Assert.Equal(5, ring.ValueAt(3));
    }
}
