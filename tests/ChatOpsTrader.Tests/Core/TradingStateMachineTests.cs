using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Tests.Core;

public class TradingStateMachineTests
{
    // Tuesday 2026-11-17 10:00 New York (15:00 UTC).
    private static readonly DateTimeOffset Morning = new(2026, 11, 17, 15, 0, 0, TimeSpan.Zero);
    private static readonly TradingCalendar Calendar = TradingCalendar.NewYork();
    private static readonly ResumePolicy Policy = ResumePolicy.Default;

    private static TradingStatus Active => TradingStatus.Initial(Morning.AddHours(-1));

    private static TradingStatus Next(StateDecision decision) =>
        decision is StateDecision.Transition t ? t.Next : throw new Xunit.Sdk.XunitException($"expected a transition, got {decision}");

    private static StateDecision.Refused Refusal(StateDecision decision) =>
        decision as StateDecision.Refused ?? throw new Xunit.Sdk.XunitException($"expected a refusal, got {decision}");

    [Fact]
    public void Halt_from_active_records_who_why_and_when()
    {
        var halted = Next(TradingStateMachine.Halt(Active, StateTrigger.Manual, "telegram:42", "testing", Morning));
        Assert.Equal(TradingState.Halted, halted.State);
        Assert.Equal("testing", halted.Reason);
        Assert.Equal("telegram:42", halted.Actor);
        Assert.Equal(Morning, halted.LastHaltAt);
        Assert.Equal(StateTrigger.Manual, halted.LastHaltTrigger);
        Assert.False(halted.AllowsEntries);
        Assert.False(halted.AllowsReductions);
    }

    [Theory]
    [InlineData(TradingState.Reducing)]
    [InlineData(TradingState.Restricted)]
    [InlineData(TradingState.Cautious)]
    [InlineData(TradingState.Halted)]
    public void Halt_is_allowed_from_every_state(TradingState from)
    {
        var status = Active with { State = from };
        Assert.Equal(TradingState.Halted, Next(TradingStateMachine.Halt(status, StateTrigger.Runaway, "system", "runaway", Morning)).State);
    }

    [Fact]
    public void Resume_the_same_trading_day_is_refused_with_the_policy_named()
    {
        var halted = Next(TradingStateMachine.Halt(Active, StateTrigger.Manual, "web", "testing", Morning));
        var refused = Refusal(TradingStateMachine.Resume(halted, "web", true, "looks fine", false, Morning.AddHours(2), Policy, Calendar));
        Assert.Equal("resume.same-trading-day", refused.Rule);
        Assert.Contains("same trading day", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_within_30_minutes_is_refused_even_on_the_next_day()
    {
        // Halted 03:50 New York = previous trading day (day starts 04:00); resume at 04:10 is a new trading day but within 30 minutes.
        var haltAt = new DateTimeOffset(2026, 11, 17, 8, 50, 0, TimeSpan.Zero);
        var halted = Next(TradingStateMachine.Halt(Active, StateTrigger.Manual, "web", "x", haltAt));
        var refused = Refusal(TradingStateMachine.Resume(halted, "web", true, "ok", false, haltAt.AddMinutes(20), Policy, Calendar));
        Assert.Equal("resume.minimum-halt", refused.Rule);
        Assert.Contains("10 min left", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_requires_admin_and_reason()
    {
        var halted = Next(TradingStateMachine.Halt(Active, StateTrigger.Manual, "web", "x", Morning));
        Assert.Equal("resume.role", Refusal(TradingStateMachine.Resume(halted, "telegram:1", false, "r", true, Morning.AddDays(1), Policy, Calendar)).Rule);
        Assert.Equal("resume.reason", Refusal(TradingStateMachine.Resume(halted, "telegram:1", true, " ", true, Morning.AddDays(1), Policy, Calendar)).Rule);
    }

    [Fact]
    public void Flow_Active_Halted_Restricted_Cautious_Active()
    {
        var halted = Next(TradingStateMachine.Halt(Active, StateTrigger.Manual, "web", "testing", Morning));
        var nextDay = Morning.AddDays(1);
        var restricted = Next(TradingStateMachine.Resume(halted, "discord:7", true, "reviewed positions", false, nextDay, Policy, Calendar));
        Assert.Equal(TradingState.Restricted, restricted.State);
        Assert.Equal("discord:7", restricted.Actor);
        Assert.True(restricted.AllowsEntries);

        Assert.Equal("advance.not-due", Refusal(TradingStateMachine.AdvanceStage(restricted, nextDay.AddMinutes(14), Policy)).Rule);
        var cautious = Next(TradingStateMachine.AdvanceStage(restricted, nextDay.AddMinutes(15), Policy));
        Assert.Equal(TradingState.Cautious, cautious.State);
        var active = Next(TradingStateMachine.AdvanceStage(cautious, nextDay.AddMinutes(45), Policy));
        Assert.Equal(TradingState.Active, active.State);
        Assert.Equal(Morning, active.LastHaltAt);
    }

    [Fact]
    public void Manual_resume_advances_one_stage_at_a_time()
    {
        var restricted = Active with { State = TradingState.Restricted };
        var cautious = Next(TradingStateMachine.Resume(restricted, "web", true, "go", false, Morning, Policy, Calendar));
        Assert.Equal(TradingState.Cautious, cautious.State);
        Assert.Equal(TradingState.Active, Next(TradingStateMachine.Resume(cautious, "web", true, "go", false, Morning, Policy, Calendar)).State);
        Assert.Equal("resume.already-active", Refusal(TradingStateMachine.Resume(Active, "web", true, "go", false, Morning, Policy, Calendar)).Rule);
    }

    [Fact]
    public void Admin_override_lifts_a_halt_the_same_day_and_says_so()
    {
        var halted = Next(TradingStateMachine.Halt(Active, StateTrigger.Manual, "web", "x", Morning));
        var restricted = Next(TradingStateMachine.Resume(halted, "web", true, "false alarm", true, Morning.AddMinutes(1), Policy, Calendar));
        Assert.Equal(TradingState.Restricted, restricted.State);
        Assert.Contains("override", restricted.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Daily_reset_never_lifts_a_halt()
    {
        var halted = Next(TradingStateMachine.Halt(Active, StateTrigger.Manual, "web", "x", Morning));
        Assert.IsType<StateDecision.Refused>(TradingStateMachine.DailyReset(halted, Morning.AddDays(1)));
    }

    [Fact]
    public void Loss_limit_reduce_holds_until_the_next_trading_day()
    {
        var reducing = Next(TradingStateMachine.Reduce(Active, StateTrigger.LossLimit, "system", "daily loss limit", Morning));
        Assert.Equal(TradingState.Reducing, reducing.State);
        Assert.False(reducing.AllowsEntries);
        Assert.True(reducing.AllowsReductions);
        Assert.Equal("resume.loss-limit-same-day", Refusal(TradingStateMachine.Resume(reducing, "web", true, "r", false, Morning.AddHours(1), Policy, Calendar)).Rule);
        Assert.Equal(TradingState.Active, Next(TradingStateMachine.DailyReset(reducing, Morning.AddDays(1))).State);
    }

    [Fact]
    public void Reduce_while_halted_is_refused_and_the_halt_stays()
    {
        var halted = Next(TradingStateMachine.Halt(Active, StateTrigger.Manual, "web", "x", Morning));
        Assert.Equal("reduce.while-halted", Refusal(TradingStateMachine.Reduce(halted, StateTrigger.DataFeed, "system", "stale", Morning)).Rule);
    }

    [Fact]
    public void Data_feed_reduce_restores_the_previous_state()
    {
        var cautious = Active with { State = TradingState.Cautious };
        var reducing = Next(TradingStateMachine.Reduce(cautious, StateTrigger.DataFeed, "system", "no quotes", Morning));
        Assert.Equal(TradingState.Cautious, Next(TradingStateMachine.Restore(reducing, StateTrigger.DataFeed, "quotes back", Morning.AddMinutes(1))).State);
        Assert.IsType<StateDecision.Refused>(TradingStateMachine.Restore(reducing, StateTrigger.LossLimit, "x", Morning));
    }

    [Fact]
    public void Size_factor_is_reduced_in_the_staged_resume()
    {
        Assert.Equal(1m, TradingStateMachine.SizeFactor(TradingState.Active, Policy));
        Assert.Equal(0.5m, TradingStateMachine.SizeFactor(TradingState.Cautious, Policy));
        Assert.Equal(0.25m, TradingStateMachine.SizeFactor(TradingState.Restricted, Policy));
        Assert.Equal(0m, TradingStateMachine.SizeFactor(TradingState.Halted, Policy));
    }
}
