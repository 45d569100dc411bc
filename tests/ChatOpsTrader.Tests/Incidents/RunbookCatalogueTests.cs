using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;

namespace ChatOpsTrader.Tests.Incidents;

public class RunbookCatalogueTests
{
    private static readonly RunbookCatalogue Catalogue = RunbookCatalogue.Default;

    // The commands of docs/product.md.
    private static readonly HashSet<string> Commands =
    [
        "/status", "/positions", "/orders", "/trades", "/pnl", "/limits", "/incidents", "/incident", "/halt", "/flatten", "/resume",
        "/cancel", "/pause", "/unpause", "/strategies", "/reconcile", "/ack", "/resolve", "/postmortem", "/audit", "/test_notify", "/help", "/whoami",
    ];

    [Theory]
    [MemberData(nameof(IncidentTestData.Types), MemberType = typeof(IncidentTestData))]
    public void Every_incident_type_has_a_first_action_and_at_least_two_decision_steps(IncidentType type)
    {
        var runbook = Catalogue[type];
        Assert.Equal(type, runbook.Type);
        Assert.False(string.IsNullOrWhiteSpace(runbook.Title));
        Assert.True(runbook.FirstAction.Length > 20, runbook.FirstAction);
        Assert.True(runbook.Steps.Count >= 2);
        Assert.All(runbook.Steps, step =>
        {
            Assert.True(step.Choices.Count >= 2);
            Assert.EndsWith("?", step.Question, StringComparison.Ordinal);
            Assert.All(step.Choices, c => Assert.False(string.IsNullOrWhiteSpace(c.Action)));
            Assert.Equal(step.Choices.Count, step.Choices.Select(c => c.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        });
        Assert.Equal(runbook.Steps.Count, runbook.Steps.Select(s => s.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.NotEmpty(runbook.FollowUps);
        Assert.False(string.IsNullOrWhiteSpace(runbook.Impact));
        Assert.StartsWith("seed", runbook.Source, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(IncidentTestData.Types), MemberType = typeof(IncidentTestData))]
    public void Every_command_a_runbook_names_is_a_ChatOpsTrader_command(IncidentType type)
    {
        var runbook = Catalogue[type];
        var commands = runbook.Steps.SelectMany(s => s.Choices).Select(c => c.Command).Append(runbook.FirstCommand).OfType<string>();
        Assert.All(commands, c => Assert.Contains(c.Split(' ')[0], Commands));
    }

    [Theory]
    [InlineData(IncidentType.KillSwitch, Severity.Sev1)]
    [InlineData(IncidentType.RunawayOrders, Severity.Sev1)]
    [InlineData(IncidentType.UnknownPosition, Severity.Sev1)]
    [InlineData(IncidentType.BotCrash, Severity.Sev1)]
    [InlineData(IncidentType.DatabaseCorruption, Severity.Sev1)]
    [InlineData(IncidentType.DrawdownBreaker, Severity.Sev1)]
    [InlineData(IncidentType.ReconciliationBreak, Severity.Sev1)]
    [InlineData(IncidentType.ConnectionLoss, Severity.Sev2)]
    [InlineData(IncidentType.DataFeedFailure, Severity.Sev2)]
    [InlineData(IncidentType.HighRejectRate, Severity.Sev2)]
    [InlineData(IncidentType.StrategyLossLimit, Severity.Sev2)]
    [InlineData(IncidentType.OrderRejectedPreflight, Severity.Sev3)]
    [InlineData(IncidentType.OrderRejectedBroker, Severity.Sev3)]
    [InlineData(IncidentType.PositionMismatch, Severity.Sev3)]
    [InlineData(IncidentType.NoSignals, Severity.Sev3)]
    [InlineData(IncidentType.SlippageTooHigh, Severity.Sev3)]
    [InlineData(IncidentType.PositionStuck, Severity.Sev3)]
    [InlineData(IncidentType.BackupFailure, Severity.Sev4)]
    public void Severities_follow_the_seeds(IncidentType type, Severity severity) => Assert.Equal(severity, Catalogue[type].Severity);

    [Fact]
    public void Kill_switch_asks_whether_it_was_intentional_and_never_resumes_the_same_day()
    {
        var runbook = Catalogue[IncidentType.KillSwitch];
        Assert.Contains("STOP. Breathe.", runbook.FirstAction, StringComparison.Ordinal);
        var intentional = runbook.Steps[0];
        Assert.Equal("Was it intentional?", intentional.Question);
        Assert.Contains("Do NOT resume trading the same day", intentional.FindChoice("yes")!.Action, StringComparison.Ordinal);
        Assert.Contains("Investigate", intentional.FindChoice("No")!.Action, StringComparison.Ordinal);
        var trigger = runbook.FindStep("trigger")!;
        Assert.Equal(["drawdown", "manual", "runaway", "bug"], trigger.Choices.Select(c => c.Key));
        Assert.Equal("/audit", trigger.FindChoice("manual")!.Command);
    }

    [Fact]
    public void Position_mismatch_branches_on_more_less_and_a_different_price_with_the_broker_as_truth()
    {
        var runbook = Catalogue[IncidentType.PositionMismatch];
        Assert.Equal("/reconcile", runbook.FirstCommand);
        var discrepancy = runbook.FindStep("discrepancy")!;
        Assert.Contains("did not fill", discrepancy.FindChoice("more")!.Action, StringComparison.Ordinal);
        Assert.Contains("fill that was not recorded", discrepancy.FindChoice("less")!.Action, StringComparison.Ordinal);
        Assert.Contains("broker's price as truth", discrepancy.FindChoice("price")!.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_loss_walks_the_connection_recovery_checklist()
    {
        var runbook = Catalogue[IncidentType.ConnectionLoss];
        Assert.Equal(["tws-running", "api-enabled", "port", "still-failing"], runbook.Steps.Select(s => s.Key));
        Assert.Contains("7497 paper, 7496 live", runbook.FindStep("port")!.Question, StringComparison.Ordinal);
        Assert.Contains("1-877-442-2757", runbook.FindStep("still-failing")!.FindChoice("yes")!.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_feed_failure_halts_new_entries_and_walks_the_data_feed_checklist()
    {
        var runbook = Catalogue[IncidentType.DataFeedFailure];
        Assert.Contains("No new entries", runbook.FirstAction, StringComparison.Ordinal);
        Assert.Equal(["quotes", "connected", "subscription"], runbook.Steps.Select(s => s.Key));
        Assert.Contains("Resubscribe", runbook.FindStep("subscription")!.FindChoice("no")!.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_corruption_keeps_the_file_and_restores_a_backup()
    {
        var runbook = Catalogue[IncidentType.DatabaseCorruption];
        Assert.Contains("keep the database file", runbook.FirstAction, StringComparison.Ordinal);
        Assert.Contains("restore the latest backup", runbook.FindStep("integrity")!.FindChoice("error")!.Action, StringComparison.Ordinal);
        Assert.Contains("never delete the corrupt copy", runbook.FindStep("restored")!.FindChoice("no")!.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Runaway_orders_start_with_an_emergency_flatten()
    {
        var runbook = Catalogue[IncidentType.RunawayOrders];
        Assert.Equal("/flatten all", runbook.FirstCommand);
        Assert.Equal("Did the orders stop?", runbook.Steps[0].Question);
    }

    [Fact]
    public void A_catalogue_missing_a_type_or_with_a_one_step_runbook_is_refused()
    {
        var all = Catalogue.All;
        var missing = Assert.Throws<ArgumentException>(() => new RunbookCatalogue(all.Where(r => r.Type != IncidentType.BackupFailure)));
        Assert.Contains("BackupFailure", missing.Message, StringComparison.Ordinal);

        var thin = all.Select(r => r.Type == IncidentType.NoSignals ? r with { Steps = [r.Steps[0]] } : r);
        Assert.Throws<ArgumentException>(() => new RunbookCatalogue(thin));
        Assert.Throws<ArgumentException>(() => new RunbookCatalogue(all.Append(all[0])));
    }
}
