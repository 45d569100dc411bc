namespace ChatOpsTrader.Core.Trading;

/// <summary>The outcome of asking the state machine for a transition: a new status, or a refusal naming the rule.</summary>
public abstract record StateDecision
{
    private StateDecision()
    {
    }

    /// <summary>The transition is allowed; <see cref="Next"/> is the status to persist.</summary>
    public sealed record Transition(TradingStatus Previous, TradingStatus Next) : StateDecision;

    /// <summary>The transition is refused. Nothing changes.</summary>
    /// <param name="Rule">The policy rule that refused it (e.g. <c>resume.same-trading-day</c>).</param>
    /// <param name="Message">What a person reads: the rule, the numbers, and what to do instead.</param>
    public sealed record Refused(string Rule, string Message) : StateDecision;
}
