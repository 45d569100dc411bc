using System.Globalization;
using System.Text;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Core.Incidents;

/// <summary>
/// Renders the seeds' incident report template (seed 002) from an incident, as Markdown: Date, Severity, Duration,
/// Impact; Summary; Timeline; Root Cause (the runbook answers); Resolution (the resolve note); Action Items (the
/// runbook's follow-ups); Lessons Learned (the notes). Times are exchange-local.
/// </summary>
public sealed class PostmortemRenderer(TradingCalendar calendar, RunbookCatalogue? catalogue = null)
{
    private readonly RunbookCatalogue _catalogue = catalogue ?? RunbookCatalogue.Default;

    /// <summary>The report; <paramref name="now"/> measures an incident that is not resolved yet.</summary>
    public string Render(Incident incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var runbook = _catalogue[incident.Type];
        var md = new StringBuilder();
        var duration = Duration(incident.Duration(now));
        Line(md, $"# Incident Report: {incident.Id} {runbook.Title}");
        md.Append('\n');
        Line(md, $"**Date**: {Local(incident.OpenedAt, "yyyy-MM-dd HH:mm")} ({calendar.TimeZone.Id})");
        Line(md, $"**Severity**: {AlertWording.Name(incident.Severity)}");
        Line(md, $"**Duration**: {(incident.IsResolved ? duration : $"ongoing, {duration} so far")}");
        Line(md, $"**Impact**: {Impact(incident, runbook)}");
        Line(md, $"**Status**: {incident.Status}");
        md.Append('\n');

        Line(md, "## Summary");
        Line(md, $"{incident.Title}. {incident.Detail}".TrimEnd());
        Line(md, $"Runbook first action: {runbook.FirstAction}");
        md.Append('\n');

        Line(md, "## Timeline");
        foreach (var e in incident.Timeline)
        {
            var format = Local(e.Time, "yyyy-MM-dd") == Local(incident.OpenedAt, "yyyy-MM-dd") ? "HH:mm" : "yyyy-MM-dd HH:mm";
            var count = e.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (×{e.Count})") : string.Empty;
            Line(md, $"- {Local(e.Time, format)} - {Describe(e)}{count}");
        }
        md.Append('\n');

        Line(md, "## Root Cause");
        var choices = incident.Choices;
        if (choices.Count == 0)
            Line(md, $"_Not recorded: answer the runbook steps (/incident {incident.Id})._");
        foreach (var choice in choices)
            Line(md, $"- {choice.Text} ({choice.Actor})");
        md.Append('\n');

        Line(md, "## Resolution");
        Line(md, incident.ResolutionNote is { } note ? $"{note} ({incident.ResolvedBy}, {Local(incident.ResolvedAt!.Value, "yyyy-MM-dd HH:mm")})" : $"_Not resolved yet: /resolve {incident.Id} <note>._");
        md.Append('\n');

        Line(md, "## Action Items");
        foreach (var followUp in runbook.FollowUps)
            Line(md, $"- [ ] {followUp}");
        Line(md, "- [ ] Update the runbook if a step was missing or wrong");
        md.Append('\n');

        Line(md, "## Lessons Learned");
        var notes = incident.Notes;
        if (notes.Count == 0)
            Line(md, "_To be written._");
        foreach (var n in notes)
            Line(md, $"- {n.Text} ({n.Actor})");
        return md.ToString();
    }

    private static string Describe(IncidentEvent e) => e.Kind switch
    {
        IncidentEventKind.Opened => $"Incident detected: {e.Text}",
        IncidentEventKind.ChoiceRecorded => $"{e.Actor}: {e.Text}",
        IncidentEventKind.NoteAdded => $"Note by {e.Actor}: {e.Text}",
        _ => e.Text,
    };

    private static string Impact(Incident incident, Runbook runbook)
    {
        var alerts = incident.AlertCount == 1 ? "1 alert" : string.Create(CultureInfo.InvariantCulture, $"{incident.AlertCount} alerts");
        return string.IsNullOrEmpty(runbook.Impact) ? alerts : $"{runbook.Impact}; {alerts}";
    }

    private static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
            return "under a minute";
        var minutes = (long)span.TotalMinutes;
        if (minutes < 120)
            return string.Create(CultureInfo.InvariantCulture, $"{minutes} minutes");
        return string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60} min");
    }

    private string Local(DateTimeOffset instant, string format) => calendar.ToLocal(instant).ToString(format, CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');
}
