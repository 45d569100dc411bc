namespace ChatOpsTrader.Core.Trading;

/// <summary>The persisted trading state with its attribution.</summary>
/// <param name="State">The state.</param>
/// <param name="Trigger">What caused it.</param>
/// <param name="Reason">Why, in words (the halt reason a person typed, or the rule and numbers).</param>
/// <param name="Actor">Who: <c>telegram:123</c>, <c>discord:456</c>, <c>web</c>, <c>system</c>.</param>
/// <param name="Since">When the state was entered.</param>
/// <param name="LastHaltAt">When the account was last halted (kept through the staged resume), or null.</param>
/// <param name="LastHaltTrigger">The trigger of that halt.</param>
/// <param name="ResumeTo">For a temporary <see cref="TradingState.Reducing"/>: the state to return to.</param>
public sealed record TradingStatus(
    TradingState State,
    StateTrigger Trigger,
    string Reason,
    string Actor,
    DateTimeOffset Since,
    DateTimeOffset? LastHaltAt = null,
    StateTrigger LastHaltTrigger = StateTrigger.None,
    TradingState? ResumeTo = null)
{
    /// <summary>The state of a journal that has never traded.</summary>
    public static TradingStatus Initial(DateTimeOffset now) => new(TradingState.Active, StateTrigger.None, "new journal", "system", now);

    /// <summary>True when new risk may be added (possibly at reduced size).</summary>
    public bool AllowsEntries => State is TradingState.Active or TradingState.Restricted or TradingState.Cautious;

    /// <summary>True when orders that only reduce a position may be sent.</summary>
    public bool AllowsReductions => State != TradingState.Halted;
}
