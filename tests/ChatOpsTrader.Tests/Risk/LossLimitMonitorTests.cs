using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Core.Risk;
using static ChatOpsTrader.Tests.Risk.RiskTestData;

namespace ChatOpsTrader.Tests.Risk;

public class LossLimitMonitorTests
{
    private static readonly Dictionary<string, decimal> NoStrategies = [];
    private readonly LossLimitMonitor _monitor = new(RiskLimits.Default, Day, Week);

    private IReadOnlyList<LossLimitEvent> Day_(decimal dayPnl) => _monitor.Evaluate(dayPnl, 0m, NoStrategies, T0);

    [Fact]
    public void A_profit_or_a_small_loss_raises_nothing_and_returns_the_same_empty_list()
    {
        var first = Day_(250m);
        var second = Day_(-499.99m);
        Assert.Empty(first);
        Assert.Same(first, second);
    }

    [Fact]
    public void The_daily_warning_at_fifty_percent_is_raised_once()
    {
        var events = Day_(-500m);
        var warning = Assert.Single(events);
        Assert.Equal(new LossLimitEvent(LossScope.Daily, null, LossEventKind.Warning, 0.5m, 500m, 1_000m) { Time = T0 }, warning);
        Assert.Empty(Day_(-500m));
        Assert.Empty(Day_(-700m));
    }

    [Fact]
    public void The_warning_at_eighty_percent_follows_once_and_names_the_loss_and_the_limit()
    {
        Day_(-600m);
        var warning = Assert.Single(Day_(-812.40m));
        Assert.Equal(0.8m, warning.Level);
        Assert.Equal("daily loss $812.40 is 81% of the $1,000.00 limit", warning.Describe());
        Assert.Empty(Day_(-900m));
    }

    [Fact]
    public void The_breach_is_raised_once_at_the_limit()
    {
        Day_(-850m);
        Assert.Empty(Day_(-999.99m));
        var breach = Assert.Single(Day_(-1_000m));
        Assert.Equal(LossEventKind.Breach, breach.Kind);
        Assert.Equal(1m, breach.Level);
        Assert.Equal("daily loss $1,000.00 breached the $1,000.00 limit (100%)", breach.Describe());
        Assert.Empty(Day_(-1_500m));
    }

    [Fact]
    public void A_jump_past_several_levels_raises_only_the_highest()
    {
        var breach = Assert.Single(Day_(-1_200m));
        Assert.Equal(LossEventKind.Breach, breach.Kind);
        Assert.Empty(Day_(-600m));
        Assert.Empty(Day_(-850m));
    }

    [Fact]
    public void A_loss_that_recovers_and_falls_again_the_same_day_does_not_alert_twice()
    {
        Assert.Single(Day_(-550m));
        Assert.Empty(Day_(-100m));
        Assert.Empty(Day_(-560m));
        Assert.Single(Day_(-1_000m));
        Assert.Empty(Day_(0m));
        Assert.Empty(Day_(-1_000m));
    }

    [Fact]
    public void Unrealized_and_realized_are_one_number_the_weekly_limit_is_separate()
    {
        var events = _monitor.Evaluate(-100m, -1_250m, NoStrategies, T0);
        var weekly = Assert.Single(events);
        Assert.Equal(LossScope.Weekly, weekly.Scope);
        Assert.Equal("weekly loss $1,250.00 is 50% of the $2,500.00 limit", weekly.Describe());
    }

    [Fact]
    public void Each_strategy_has_its_own_daily_limit_and_is_named()
    {
        var pnl = new Dictionary<string, decimal> { ["momo"] = -250m, ["meanrev"] = -100m };
        var warning = Assert.Single(_monitor.Evaluate(-350m, -350m, pnl, T0));
        Assert.Equal(LossScope.StrategyDaily, warning.Scope);
        Assert.Equal("momo", warning.Strategy);
        Assert.Equal("strategy momo daily loss $250.00 is 50% of the $500.00 limit", warning.Describe());

        pnl["momo"] = -500m;
        pnl["meanrev"] = -400m;
        var events = _monitor.Evaluate(-900m, -900m, pnl, T0);
        Assert.Contains(events, e => e is { Scope: LossScope.StrategyDaily, Strategy: "momo", Kind: LossEventKind.Breach });
        Assert.Contains(events, e => e is { Scope: LossScope.StrategyDaily, Strategy: "meanrev", Kind: LossEventKind.Warning, Level: 0.8m });
        Assert.Contains(events, e => e is { Scope: LossScope.Daily, Level: 0.8m });
        Assert.Equal(3, events.Count);
    }

    [Fact]
    public void A_read_only_dictionary_that_is_not_a_dictionary_also_works()
    {
        IReadOnlyDictionary<string, decimal> pnl = new System.Collections.ObjectModel.ReadOnlyDictionary<string, decimal>(new Dictionary<string, decimal> { ["momo"] = -400m });
        Assert.Equal(0.8m, Assert.Single(_monitor.Evaluate(0m, 0m, pnl, T0)).Level);
    }

    [Fact]
    public void The_daily_reset_lets_daily_and_strategy_levels_raise_again_but_not_weekly()
    {
        var pnl = new Dictionary<string, decimal> { ["momo"] = -300m };
        Assert.Equal(3, _monitor.Evaluate(-600m, -1_300m, pnl, T0).Count);
        Assert.False(_monitor.ResetDay(Day));
        Assert.Empty(_monitor.Evaluate(-600m, -1_300m, pnl, T0));

        Assert.True(_monitor.ResetDay(Day.AddDays(1)));
        var events = _monitor.Evaluate(-600m, -1_300m, pnl, T0.AddDays(1));
        Assert.Equal(2, events.Count);
        Assert.DoesNotContain(events, e => e.Scope == LossScope.Weekly);
    }

    [Fact]
    public void The_weekly_reset_lets_the_weekly_levels_raise_again()
    {
        Assert.Single(_monitor.Evaluate(0m, -2_600m, NoStrategies, T0));
        Assert.False(_monitor.ResetWeek(Week));
        Assert.True(_monitor.ResetWeek(Week.AddDays(7)));
        Assert.Equal(LossEventKind.Breach, Assert.Single(_monitor.Evaluate(0m, -2_600m, NoStrategies, T0)).Kind);
    }

    [Fact]
    public void The_snapshot_shows_loss_limit_used_fraction_and_headroom_per_scope()
    {
        _monitor.Evaluate(-250m, 100m, new Dictionary<string, decimal> { ["momo"] = -600m, ["alpha"] = 40m }, T0);
        var status = _monitor.Snapshot();
        Assert.Equal(250m, status.Daily.Loss);
        Assert.Equal(0.25m, status.Daily.UsedFraction);
        Assert.Equal(750m, status.Daily.Headroom);
        Assert.Equal(0m, status.Weekly.Loss);
        Assert.Equal(2_500m, status.Weekly.Headroom);
        Assert.Equal(["alpha", "momo"], status.Strategies.Select(s => s.Strategy));
        var momo = status.Strategies[1];
        Assert.Equal(0m, momo.Headroom);
        Assert.Equal(1.2m, momo.UsedFraction);
        Assert.True(momo.Breached);
    }

    [Fact]
    public void A_restart_the_same_day_does_not_warn_again()
    {
        _monitor.Evaluate(-850m, -1_300m, new Dictionary<string, decimal> { ["mean;rev=1:x"] = -500m }, T0);
        var state = _monitor.Export();

        var restored = LossLimitMonitor.Import(state, RiskLimits.Default, Day, Week);
        Assert.Empty(restored.Evaluate(-850m, -1_300m, new Dictionary<string, decimal> { ["mean;rev=1:x"] = -500m }, T0));
        Assert.Single(restored.Evaluate(-1_000m, -1_300m, NoStrategies, T0));
    }

    [Fact]
    public void A_restart_on_a_new_day_drops_the_daily_levels_and_keeps_the_weekly_ones()
    {
        _monitor.Evaluate(-850m, -1_300m, new Dictionary<string, decimal> { ["momo"] = -500m }, T0);
        var restored = LossLimitMonitor.Import(_monitor.Export(), RiskLimits.Default, Day.AddDays(1), Week);
        var events = restored.Evaluate(-850m, -1_300m, new Dictionary<string, decimal> { ["momo"] = -500m }, T0.AddDays(1));
        Assert.Equal(2, events.Count);
        Assert.DoesNotContain(events, e => e.Scope == LossScope.Weekly);
    }

    [Theory]
    [InlineData("v1;day=2026-11-17;week=2026-11-16;daily=1.5;weekly=0")]
    [InlineData("v1;day=2026-11-17;daily=0;weekly=0")]
    [InlineData("v1;day=2026-11-17;week=2026-11-16;daily=x;weekly=0")]
    [InlineData("v1;day=2026-11-17;week=2026-11-16;strategy=momo")]
    public void A_corrupt_loss_state_is_refused(string state)
    {
        Assert.Throws<FormatException>(() => LossLimitMonitor.Import(state, RiskLimits.Default, Day, Week));
    }

    [Fact]
    public void Evaluating_allocates_nothing_when_nothing_is_new()
    {
        var pnl = new Dictionary<string, decimal> { ["momo"] = -10m, ["meanrev"] = 5m };
        _monitor.Evaluate(-10m, -10m, pnl, T0);
        var total = 0;
        var allocated = Allocations.Fewest(() =>
        {
            for (var i = 0; i < 1_000; i++)
                total += _monitor.Evaluate(-10m - (i % 50), -10m, pnl, T0).Count;
        });
        Assert.Equal(0, allocated);
        Assert.Equal(0, total);
    }

    [Fact]
    public void Custom_warning_levels_are_used_in_ascending_order()
    {
        var monitor = new LossLimitMonitor(RiskLimits.Default with { LossWarningLevels = [0.9m, 0.25m] }, Day, Week);
        Assert.Equal(0.25m, Assert.Single(monitor.Evaluate(-300m, 0m, NoStrategies, T0)).Level);
        Assert.Empty(monitor.Evaluate(-800m, 0m, NoStrategies, T0));
        Assert.Equal(0.9m, Assert.Single(monitor.Evaluate(-900m, 0m, NoStrategies, T0)).Level);
    }
}
