using System.Globalization;
using System.Text;

namespace ChatOpsTrader.Host.Drills;

/// <summary>What a drill found: the timeline, the alerts, the state reached, the times and the verdict.</summary>
public sealed record DrillReport(
    string Drill,
    string Injects,
    string Expected,
    IReadOnlyList<DrillEvent> Events,
    IReadOnlyList<DrillCheck> Checks,
    IReadOnlyList<DrillAlert> Alerts,
    string FinalState,
    TimeSpan? DetectedAfter,
    TimeSpan? RecoveredAfter,
    string? Error,
    string? BotOutputTail)
{
    /// <summary>True when the drill ran to the end and every expectation held.</summary>
    public bool Passed => Error is null && Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>The report as plain text for a terminal.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"DRILL {Drill}: {(Passed ? "PASS" : "FAIL")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Injected:  {Injects}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Expected:  {Expected}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Detected:  {(DetectedAfter is { } d ? "after " + DrillSession.Ms(d) : "not detected")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Recovered: {(RecoveredAfter is { } r ? "after " + DrillSession.Ms(r) : "no recovery measured")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  State:     {FinalState}");
        text.AppendLine("  Timeline:");
        foreach (var e in Events)
            text.AppendLine(CultureInfo.InvariantCulture, $"    {e.At.TotalSeconds,7:0.000} s  {e.Kind,-9} {e.What}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Alerts ({Alerts.Count}):");
        foreach (var a in Alerts.OrderBy(a => a.Time))
            text.AppendLine(CultureInfo.InvariantCulture, $"    {a.Time:HH:mm:ss.fff}  {a.Severity} {a.Title}{(a.IncidentId is null ? string.Empty : $" [{a.IncidentId}]")}");
        text.AppendLine("  Checks:");
        foreach (var c in Checks)
            text.AppendLine(CultureInfo.InvariantCulture, $"    [{(c.Passed ? "ok" : "FAIL")}] {c.Expectation}{(c.Actual is null ? string.Empty : $": {c.Actual}")}");
        if (Error is not null)
            text.AppendLine(CultureInfo.InvariantCulture, $"  Error: {Error}");
        if (!Passed && BotOutputTail is not null)
        {
            text.AppendLine("  Last lines of the bot:");
            foreach (var line in BotOutputTail.Split('\n'))
                text.AppendLine("    " + line);
        }
        return text.ToString();
    }
}
