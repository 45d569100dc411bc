namespace ChatOpsTrader.Core.Incidents;

/// <summary>One runbook per <see cref="IncidentType"/>.</summary>
public sealed partial class RunbookCatalogue
{
    private readonly Dictionary<IncidentType, Runbook> _runbooks;

    /// <summary>Creates a catalogue; every incident type needs exactly one runbook with at least two steps.</summary>
    public RunbookCatalogue(IEnumerable<Runbook> runbooks)
    {
        ArgumentNullException.ThrowIfNull(runbooks);
        _runbooks = [];
        foreach (var runbook in runbooks)
        {
            if (!_runbooks.TryAdd(runbook.Type, runbook))
                throw new ArgumentException($"Two runbooks for {runbook.Type}.", nameof(runbooks));
            if (runbook.Steps.Count < 2 || runbook.Steps.Any(s => s.Choices.Count < 2))
                throw new ArgumentException($"The {runbook.Type} runbook needs at least two steps with at least two answers each.", nameof(runbooks));
        }
        var missing = Enum.GetValues<IncidentType>().Where(t => !_runbooks.ContainsKey(t)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"No runbook for {string.Join(", ", missing)}.", nameof(runbooks));
    }

    /// <summary>The runbooks of the seeds, adapted to ChatOpsTrader's commands.</summary>
    public static RunbookCatalogue Default { get; } = new(Seeds());

    /// <summary>Every runbook, in <see cref="IncidentType"/> order.</summary>
    public IReadOnlyList<Runbook> All => [.. _runbooks.Values.OrderBy(r => r.Type)];

    /// <summary>The runbook of a type.</summary>
    public Runbook this[IncidentType type] => _runbooks[type];

    private static RunbookStep Step(string key, string question, params RunbookChoice[] choices) => new(key, question, choices);

    private static RunbookChoice Choice(string key, string label, string action, string? command = null) => new(key, label, action, command);
}
