using ChatOpsTrader.Core.Risk;
using static ChatOpsTrader.Tests.Risk.RiskTestData;

namespace ChatOpsTrader.Tests.Risk;

public class DrawdownBreakerTests
{
    private readonly DrawdownBreaker _breaker = new(1_500m);

    [Fact]
    public void The_high_water_mark_follows_new_highs_only()
    {
        Assert.Null(_breaker.Update(100_000m, T0));
        Assert.Null(_breaker.Update(101_000m, T0));
        Assert.Null(_breaker.Update(100_200m, T0));
        Assert.Equal(101_000m, _breaker.HighWaterMark);
        Assert.Equal(800m, _breaker.Drawdown);
    }

    [Fact]
    public void A_drawdown_one_cent_short_of_the_limit_does_not_trip()
    {
        _breaker.Update(101_000m, T0);
        Assert.Null(_breaker.Update(99_500.01m, T0));
        Assert.False(_breaker.IsTripped);
    }

    [Fact]
    public void A_drawdown_exactly_at_the_limit_trips_once_with_both_numbers()
    {
        _breaker.Update(101_000m, T0);
        var trip = _breaker.Update(99_500m, T0.AddMinutes(1));
        Assert.NotNull(trip);
        Assert.Equal(new DrawdownTrip(101_000m, 99_500m, 1_500m, 1_500m, T0.AddMinutes(1)), trip);
        Assert.Equal("drawdown $1,500.00 reached the $1,500.00 limit (equity $99,500.00, high-water mark $101,000.00)", trip.Describe());
        Assert.True(_breaker.IsTripped);
        Assert.Null(_breaker.Update(99_000m, T0.AddMinutes(2)));
    }

    [Fact]
    public void A_trip_stays_when_equity_recovers_until_a_person_rearms()
    {
        _breaker.Update(101_000m, T0);
        _breaker.Update(99_000m, T0);
        _breaker.Update(102_000m, T0);
        Assert.True(_breaker.IsTripped);
        Assert.Equal(102_000m, _breaker.HighWaterMark);
    }

    [Fact]
    public void Rearming_keeps_the_high_water_mark_so_a_drawdown_still_below_the_line_trips_again()
    {
        _breaker.Update(101_000m, T0);
        _breaker.Update(99_000m, T0);
        _breaker.Rearm();
        Assert.False(_breaker.IsTripped);
        Assert.Equal(101_000m, _breaker.HighWaterMark);
        Assert.NotNull(_breaker.Update(99_100m, T0.AddMinutes(30)));
    }

    [Fact]
    public void After_rearming_above_the_line_only_a_new_drawdown_trips()
    {
        _breaker.Update(101_000m, T0);
        _breaker.Update(99_000m, T0);
        _breaker.Rearm();
        Assert.Null(_breaker.Update(100_000m, T0));
        Assert.NotNull(_breaker.Update(99_400m, T0));
    }

    [Fact]
    public void A_person_can_move_the_mark_on_purpose()
    {
        _breaker.Update(101_000m, T0);
        _breaker.Update(99_000m, T0);
        _breaker.ResetHighWaterMark(99_000m);
        _breaker.Rearm();
        Assert.Null(_breaker.Update(98_000m, T0));
        Assert.NotNull(_breaker.Update(97_500m, T0));
    }

    [Fact]
    public void The_mark_and_the_trip_survive_a_restart()
    {
        _breaker.Update(101_000m, T0);
        _breaker.Update(99_000m, T0);
        var restored = DrawdownBreaker.Import(_breaker.Export(), 1_500m);
        Assert.Equal(101_000m, restored.HighWaterMark);
        Assert.True(restored.IsTripped);
        Assert.Null(restored.Update(98_000m, T0));
    }

    [Fact]
    public void A_breaker_that_never_saw_equity_round_trips_empty()
    {
        var restored = DrawdownBreaker.Import(new DrawdownBreaker(1_500m).Export(), 1_500m);
        Assert.Null(restored.Update(-5m, T0));
        Assert.Equal(-5m, restored.HighWaterMark);
    }

    [Theory]
    [InlineData("v1;tripped=1")]
    [InlineData("v1;hwm=abc;tripped=0")]
    [InlineData("v1;hwm=100;tripped=yes")]
    public void A_corrupt_drawdown_state_is_refused(string state)
    {
        Assert.Throws<FormatException>(() => DrawdownBreaker.Import(state, 1_500m));
    }

    [Fact]
    public void A_breaker_needs_a_positive_limit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DrawdownBreaker(0m));
    }
}
