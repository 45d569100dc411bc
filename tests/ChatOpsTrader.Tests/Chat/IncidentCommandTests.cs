using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Chat;

public class IncidentCommandTests
{
    private static readonly Caller Viewer = new("telegram", "10");
    private static readonly Caller Operator = new("telegram", "20");

    private static CommandRouter Router(EngineHarness h) =>
        new(h.Engine, h.Journal, h.Notifier, new ConfiguredUserDirectory([("telegram", "10", Role.Viewer), ("telegram", "20", Role.Operator)]),
            new ConfirmationStore(h.Time), h.Time, NullLogger<CommandRouter>.Instance);

    [Fact]
    public async Task A_halt_opens_a_kill_switch_incident_guided_by_its_runbook_through_ack_choices_resolve_and_postmortem_and_it_survives_a_restart()
    {
        var journal = new InMemoryJournal();
        string id;
        await using (var h = await new EngineHarness(journal).StartAsync())
        {
            var router = Router(h);
            await router.ExecuteAsync(Operator, "/halt fat finger", CancellationToken.None);
            var incident = h.Engine.Snapshot.Incidents.Single(i => i.Type == IncidentType.KillSwitch);
            id = incident.Id;
            Assert.Matches("^INC-[0-9]{4}$", id);
            Assert.Contains(h.Notifier.Alerts, a => a.IncidentId == id);

            var list = (await router.ExecuteAsync(Viewer, "/incidents", CancellationToken.None))!.ToText();
            Assert.Contains(id, list, StringComparison.Ordinal);

            var detail = (await router.ExecuteAsync(Viewer, $"/incident {id}", CancellationToken.None))!;
            Assert.Contains("First action:", detail.ToText(), StringComparison.Ordinal);
            Assert.NotEmpty(detail.Buttons);
            var choice = detail.Buttons[0].Command;
            Assert.StartsWith($"/choose {id} ", choice, StringComparison.Ordinal);

            Assert.Contains("needs the operator role", (await router.ExecuteAsync(Viewer, $"/ack {id}", CancellationToken.None))!.ToText(), StringComparison.Ordinal);
            Assert.Equal(ReplySeverity.Success, (await router.ExecuteAsync(Operator, $"/ack {id}", CancellationToken.None))!.Severity);
            Assert.Equal(ReplySeverity.Success, (await router.ExecuteAsync(Operator, choice, CancellationToken.None))!.Severity);
            Assert.Equal(ReplySeverity.Warning, (await router.ExecuteAsync(Operator, $"/resolve {id}", CancellationToken.None))!.Severity);
            Assert.Equal(ReplySeverity.Success, (await router.ExecuteAsync(Operator, $"/resolve {id} it was a test of the kill switch", CancellationToken.None))!.Severity);
            Assert.Equal(ReplySeverity.Warning, (await router.ExecuteAsync(Operator, $"/resolve {id} again", CancellationToken.None))!.Severity);

            var postmortem = (await router.ExecuteAsync(Operator, $"/postmortem {id}", CancellationToken.None))!.ToText();
            foreach (var section in new[] { "Summary", "Timeline", "Root Cause", "Resolution", "Action Items" })
                Assert.Contains(section, postmortem, StringComparison.Ordinal);
            Assert.Contains("it was a test of the kill switch", postmortem, StringComparison.Ordinal);
        }

        await using var restarted = await new EngineHarness(journal).StartAsync();
        var recovered = restarted.Engine.Snapshot.Incidents.Single(i => i.Id == id);
        Assert.Equal(IncidentStatus.Resolved, recovered.Status);
        Assert.Equal("telegram:20", recovered.ResolvedBy);
    }

    [Theory]
    [InlineData("/incident")]
    [InlineData("/incident INC-9999")]
    [InlineData("/ack nonsense")]
    [InlineData("/choose INC-0001 nostep nochoice")]
    public async Task Bad_incident_commands_get_a_clear_reply(string text)
    {
        await using var h = await new EngineHarness().StartAsync();
        var router = Router(h);
        await router.ExecuteAsync(Operator, "/halt x", CancellationToken.None);
        var reply = await router.ExecuteAsync(Operator, text, CancellationToken.None);
        Assert.Equal(ReplySeverity.Warning, reply!.Severity);
    }
}
