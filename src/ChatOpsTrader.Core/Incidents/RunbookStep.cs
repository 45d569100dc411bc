namespace ChatOpsTrader.Core.Incidents;

/// <summary>One decision of a runbook's tree.</summary>
/// <param name="Key">Short and typeable (<c>intentional</c>).</param>
/// <param name="Question">What the person decides.</param>
/// <param name="Choices">The answers, each with what to do.</param>
public sealed record RunbookStep(string Key, string Question, IReadOnlyList<RunbookChoice> Choices)
{
    /// <summary>The answer with this key or label (case-insensitive), or null.</summary>
    public RunbookChoice? FindChoice(string? keyOrLabel) =>
        Choices.FirstOrDefault(c => string.Equals(c.Key, keyOrLabel?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? Choices.FirstOrDefault(c => string.Equals(c.Label, keyOrLabel?.Trim(), StringComparison.OrdinalIgnoreCase));
}
