namespace ChatOpsTrader.Core.Incidents;

/// <summary>One answer to a runbook step.</summary>
/// <param name="Key">Short and typeable (<c>yes</c>, <c>more</c>); a button's payload.</param>
/// <param name="Label">What the button says.</param>
/// <param name="Action">What to do when this is the answer.</param>
/// <param name="Command">The ChatOpsTrader command to run, if one helps (<c>/reconcile</c>).</param>
public sealed record RunbookChoice(string Key, string Label, string Action, string? Command = null);
