using System.Globalization;

namespace ChatOpsTrader.Core.Trading;

/// <summary>
/// The pure transition function of the trading state. It never reads a clock or does I/O: the engine passes
/// the current status and time, persists the returned status, then acts on it.
/// </summary>
/// <remarks>
/// Rules: a halt is always allowed and always wins; only a person lifts a halt, with a reason, within
/// <see cref="ResumePolicy"/> unless an admin overrides; restarts, reconnects and daily resets never lift a halt.
/// </remarks>
public static class TradingStateMachine
{
    /// <summary>Kill switch: any state to <see cref="TradingState.Halted"/>.</summary>
    public static StateDecision Halt(TradingStatus current, StateTrigger trigger, string actor, string reason, DateTimeOffset now)
    {
        var next = new TradingStatus(TradingState.Halted, trigger, Normalize(reason, "no reason given"), actor, now, now, trigger);
        return new StateDecision.Transition(current, next);
    }

    /// <summary>Closing only. Refused when halted (a halt is stricter and stays).</summary>
    public static StateDecision Reduce(TradingStatus current, StateTrigger trigger, string actor, string reason, DateTimeOffset now)
    {
        if (current.State == TradingState.Halted)
            return new StateDecision.Refused("reduce.while-halted", "Already halted, which is stricter than closing-only; the halt stays.");
        if (current.State == TradingState.Reducing && current.Trigger == trigger)
            return new StateDecision.Refused("reduce.already", $"Already closing-only ({current.Reason}).");
        var resumeTo = current.State == TradingState.Reducing ? current.ResumeTo : current.State;
        var next = current with
        {
            State = TradingState.Reducing,
            Trigger = trigger,
            Reason = Normalize(reason, "no reason given"),
            Actor = actor,
            Since = now,
            ResumeTo = resumeTo ?? TradingState.Active,
        };
        return new StateDecision.Transition(current, next);
    }

    /// <summary>
    /// Ends a temporary closing-only state caused by <paramref name="trigger"/> (for example data confirmed again),
    /// returning to the state before it. Refused in any other case.
    /// </summary>
    public static StateDecision Restore(TradingStatus current, StateTrigger trigger, string reason, DateTimeOffset now)
    {
        if (current.State != TradingState.Reducing || current.Trigger != trigger)
            return new StateDecision.Refused("restore.not-applicable", $"Nothing to restore: the state is {current.State} ({current.Trigger}).");
        var next = current with
        {
            State = current.ResumeTo ?? TradingState.Active,
            Trigger = StateTrigger.Schedule,
            Reason = Normalize(reason, "condition cleared"),
            Actor = "system",
            Since = now,
            ResumeTo = null,
        };
        return new StateDecision.Transition(current, next);
    }

    /// <summary>
    /// A person asks to resume. From Halted or Reducing this enters <see cref="TradingState.Restricted"/>;
    /// from Restricted it advances to Cautious, from Cautious to Active.
    /// </summary>
    /// <param name="current">Current status.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="isAdmin">True when the person holds the admin role; only admins resume.</param>
    /// <param name="reason">Why; required.</param>
    /// <param name="overridePolicy">True when the admin explicitly overrides the waiting rules.</param>
    /// <param name="now">Current time.</param>
    /// <param name="policy">The resume policy.</param>
    /// <param name="calendar">Trading calendar for the same-day rule.</param>
    public static StateDecision Resume(
        TradingStatus current,
        string actor,
        bool isAdmin,
        string? reason,
        bool overridePolicy,
        DateTimeOffset now,
        ResumePolicy policy,
        TradingCalendar calendar)
    {
        if (!isAdmin)
            return new StateDecision.Refused("resume.role", "Only an admin can resume trading.");
        if (string.IsNullOrWhiteSpace(reason))
            return new StateDecision.Refused("resume.reason", "A reason is required: /resume <reason>.");

        switch (current.State)
        {
            case TradingState.Active:
                return new StateDecision.Refused("resume.already-active", "Trading is already active.");
            case TradingState.Restricted:
                return Advance(current, TradingState.Cautious, actor, reason, now);
            case TradingState.Cautious:
                return Advance(current, TradingState.Active, actor, reason, now);
        }

        if (!overridePolicy)
        {
            var refusal = CheckWaitingRules(current, now, policy, calendar);
            if (refusal is not null)
                return refusal;
        }

        var note = overridePolicy ? $"{reason.Trim()} (admin override of the resume policy)" : reason.Trim();
        var next = current with
        {
            State = TradingState.Restricted,
            Trigger = StateTrigger.Resume,
            Reason = note,
            Actor = actor,
            Since = now,
            ResumeTo = null,
        };
        return new StateDecision.Transition(current, next);
    }

    /// <summary>Automatic progress of the staged resume with time: Restricted to Cautious to Active.</summary>
    public static StateDecision AdvanceStage(TradingStatus current, DateTimeOffset now, ResumePolicy policy)
    {
        var elapsed = now - current.Since;
        return current.State switch
        {
            TradingState.Restricted when elapsed >= policy.RestrictedDuration =>
                Advance(current, TradingState.Cautious, "system", $"{Minutes(policy.RestrictedDuration)} min in Restricted without a new trip", now),
            TradingState.Cautious when elapsed >= policy.CautiousDuration =>
                Advance(current, TradingState.Active, "system", $"{Minutes(policy.CautiousDuration)} min in Cautious without a new trip", now),
            _ => new StateDecision.Refused("advance.not-due", "No stage is due."),
        };
    }

    /// <summary>
    /// The daily reset at the start of a new trading day. Never lifts a halt; ends a loss-limit closing-only
    /// state that lasts "until the next trading day".
    /// </summary>
    public static StateDecision DailyReset(TradingStatus current, DateTimeOffset now) =>
        current is { State: TradingState.Reducing, Trigger: StateTrigger.LossLimit }
            ? Restore(current, StateTrigger.LossLimit, "new trading day: daily loss limit reset", now)
            : new StateDecision.Refused("reset.no-change", current.State == TradingState.Halted
                ? "A daily reset never lifts a halt."
                : "The daily reset does not change the trading state.");

    /// <summary>Size factor for entries in the given state (1 for Active, reduced in the staged resume, 0 otherwise).</summary>
    public static decimal SizeFactor(TradingState state, ResumePolicy policy) => state switch
    {
        TradingState.Active => 1m,
        TradingState.Cautious => policy.CautiousSizeFactor,
        TradingState.Restricted => policy.RestrictedSizeFactor,
        _ => 0m,
    };

    private static StateDecision.Refused? CheckWaitingRules(TradingStatus current, DateTimeOffset now, ResumePolicy policy, TradingCalendar calendar)
    {
        // A closing-only state lifted by hand is only held back by the same-day rule of a loss limit.
        if (current.State == TradingState.Reducing)
        {
            if (current.Trigger == StateTrigger.LossLimit && calendar.TradingDayOf(now) == calendar.TradingDayOf(current.Since))
                return new StateDecision.Refused("resume.loss-limit-same-day",
                    $"The loss limit holds until the next trading day ({calendar.NextDayStart(now):yyyy-MM-dd HH:mm zzz}). An admin can override: /resume override <reason>.");
            return null;
        }

        var haltedAt = current.LastHaltAt ?? current.Since;
        var held = now - haltedAt;
        if (held < policy.MinimumHaltDuration)
        {
            var left = policy.MinimumHaltDuration - held;
            return new StateDecision.Refused("resume.minimum-halt",
                $"Halted {Minutes(held)} min ago; the policy requires {Minutes(policy.MinimumHaltDuration)} min ({Math.Ceiling(left.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min left). An admin can override: /resume override <reason>.");
        }

        if (policy.BlockSameTradingDay && calendar.TradingDayOf(now) == calendar.TradingDayOf(haltedAt))
            return new StateDecision.Refused("resume.same-trading-day",
                $"Halted on trading day {calendar.TradingDayOf(haltedAt):yyyy-MM-dd} ({current.LastHaltTrigger}: {current.Reason}); the policy forbids resuming the same trading day. Next trading day starts {calendar.NextDayStart(now):yyyy-MM-dd HH:mm zzz}. An admin can override: /resume override <reason>.");

        return null;
    }

    private static StateDecision.Transition Advance(TradingStatus current, TradingState to, string actor, string reason, DateTimeOffset now) =>
        new(current, current with { State = to, Trigger = StateTrigger.Resume, Reason = reason.Trim(), Actor = actor, Since = now, ResumeTo = null });

    private static string Minutes(TimeSpan span) => Math.Floor(span.TotalMinutes).ToString(CultureInfo.InvariantCulture);

    private static string Normalize(string? text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();
}
