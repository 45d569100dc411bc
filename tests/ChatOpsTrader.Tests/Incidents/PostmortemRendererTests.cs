using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Core.Trading;
using static ChatOpsTrader.Tests.Incidents.IncidentTestData;

namespace ChatOpsTrader.Tests.Incidents;

public class PostmortemRendererTests
{
    private static readonly PostmortemRenderer Renderer = new(TradingCalendar.NewYork());

    private static Incident Resolved()
    {
        var book = new IncidentBook();
        var id = book.Observe(ByType[IncidentType.KillSwitch].Alert, T0)!.Incident.Id;
        book.Observe(ByType[IncidentType.KillSwitch].Alert, T0.AddMinutes(1));
        book.Acknowledge(id, "telegram:42", T0.AddMinutes(2));
        book.RecordChoice(id, "telegram:42", "intentional", "no", T0.AddMinutes(5));
        book.RecordChoice(id, "telegram:42", "trigger", "bug", T0.AddMinutes(10));
        book.AddNote(id, "telegram:42", "The halt test ran against live config", T0.AddMinutes(12));
        return ((IncidentDecision.Changed)book.Resolve(id, "telegram:42", "Test job pointed at live: moved it to paper", T0.AddMinutes(15))).Incident;
    }

    [Fact]
    public void The_report_has_every_section_of_the_seeds_template()
    {
        var report = Renderer.Render(Resolved(), T0.AddDays(1));

        string[] sections = ["# Incident Report", "**Date**:", "**Severity**:", "**Duration**:", "**Impact**:", "## Summary", "## Timeline", "## Root Cause", "## Resolution", "## Action Items", "## Lessons Learned"];
        var positions = sections.Select(s => report.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void The_header_says_when_how_bad_how_long_and_what_it_did()
    {
        var report = Renderer.Render(Resolved(), T0.AddDays(1));

        Assert.Contains("# Incident Report: INC-0001 Kill switch activated", report, StringComparison.Ordinal);
        Assert.Contains("**Date**: 2026-11-18 10:00 (America/New_York)", report, StringComparison.Ordinal);
        Assert.Contains("**Severity**: SEV1", report, StringComparison.Ordinal);
        Assert.Contains("**Duration**: 15 minutes", report, StringComparison.Ordinal);
        Assert.Contains("**Impact**: Trading halted: no new orders, every working order cancelled; 2 alerts", report, StringComparison.Ordinal);
        Assert.Contains("Trading HALTED (Manual). By telegram:42: going to lunch", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_timeline_lists_every_event_with_its_local_time()
    {
        var report = Renderer.Render(Resolved(), T0.AddDays(1));

        Assert.Contains("- 10:00 - Incident detected: SEV1 Kill switch activated: Trading HALTED (Manual).", report, StringComparison.Ordinal);
        Assert.Contains("- 10:01 - Alert: Trading HALTED (Manual)", report, StringComparison.Ordinal);
        Assert.Contains("- 10:02 - Acknowledged by telegram:42.", report, StringComparison.Ordinal);
        Assert.Contains("- 10:05 - telegram:42: Was it intentional? No: Investigate", report, StringComparison.Ordinal);
        Assert.Contains("- 10:12 - Note by telegram:42: The halt test ran against live config", report, StringComparison.Ordinal);
        Assert.Contains("- 10:15 - Resolved by telegram:42: Test job pointed at live: moved it to paper", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_cause_resolution_action_items_and_lessons_come_from_the_choices_the_note_and_the_runbook()
    {
        var report = Renderer.Render(Resolved(), T0.AddDays(1));

        var rootCause = Section(report, "## Root Cause");
        Assert.Contains("What triggered it? Code bug: Check the logs around the halt time", rootCause, StringComparison.Ordinal);
        Assert.Contains("Test job pointed at live: moved it to paper (telegram:42, 2026-11-18 10:15)", Section(report, "## Resolution"), StringComparison.Ordinal);
        var actions = Section(report, "## Action Items");
        Assert.Contains("- [ ] Do not resume the same trading day; run the full pre-flight checklist before resuming", actions, StringComparison.Ordinal);
        Assert.Contains("- [ ] Update the runbook if a step was missing or wrong", actions, StringComparison.Ordinal);
        Assert.Contains("- The halt test ran against live config (telegram:42)", Section(report, "## Lessons Learned"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_ongoing_incident_says_so_and_what_is_still_missing()
    {
        var book = new IncidentBook();
        var incident = book.Observe(ByType[IncidentType.DataFeedFailure].Alert, T0)!.Incident;

        var report = Renderer.Render(incident, T0.AddMinutes(47));

        Assert.Contains("**Duration**: ongoing, 47 minutes so far", report, StringComparison.Ordinal);
        Assert.Contains("_Not recorded: answer the runbook steps (/incident INC-0001)._", report, StringComparison.Ordinal);
        Assert.Contains("_Not resolved yet: /resolve INC-0001 <note>._", report, StringComparison.Ordinal);
        Assert.Contains("_To be written._", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_on_a_later_day_carry_their_date_and_repeats_their_count()
    {
        var book = new IncidentBook();
        var id = book.Observe(ByType[IncidentType.BackupFailure].Alert, T0)!.Incident.Id;
        book.Observe(ByType[IncidentType.BackupFailure].Alert, T0.AddHours(1));
        book.Observe(ByType[IncidentType.BackupFailure].Alert, T0.AddHours(2));
        var incident = ((IncidentDecision.Changed)book.Resolve(id, "web", "disk cleaned", T0.AddDays(1).AddHours(3))).Incident;

        var report = Renderer.Render(incident, T0.AddDays(2));

        Assert.Contains("- 12:00 - Alert: Nightly backup failed (×2)", report, StringComparison.Ordinal);
        Assert.Contains("- 2026-11-19 13:00 - Resolved by web: disk cleaned", report, StringComparison.Ordinal);
        Assert.Contains("**Duration**: 27 h 0 min", report, StringComparison.Ordinal);
    }

    private static string Section(string report, string heading)
    {
        var start = report.IndexOf(heading, StringComparison.Ordinal);
        var end = report.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? report[start..] : report[start..end];
    }
}
