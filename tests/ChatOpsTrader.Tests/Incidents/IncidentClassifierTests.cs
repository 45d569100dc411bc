using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;
using static ChatOpsTrader.Tests.Incidents.IncidentTestData;

namespace ChatOpsTrader.Tests.Incidents;

public class IncidentClassifierTests
{
    [Fact]
    public void The_test_data_covers_every_incident_type() =>
        Assert.Equal(Enum.GetValues<IncidentType>().Order(), ByType.Keys.Order());

    [Theory]
    [MemberData(nameof(Types), MemberType = typeof(IncidentTestData))]
    public void Every_incident_type_is_recognised_from_its_alert(IncidentType type) =>
        Assert.Equal(type, IncidentClassifier.Classify(ByType[type].Alert));

    [Theory]
    [InlineData("loss-warning:Daily:", Severity.Sev3, "Loss limit warning (50%)")]
    [InlineData("broker-connection", Severity.Sev4, "Broker connection restored")]
    [InlineData("resume", Severity.Sev2, "Trading resumed: Restricted")]
    [InlineData("resume-stage", Severity.Sev4, "Staged resume: Cautious")]
    [InlineData("notice:2104", Severity.Sev4, "Broker notice 2104")]
    [InlineData("external:AAPL", Severity.Sev3, "External order seen: AAPL")]
    [InlineData("alert-channel-restored:telegram", Severity.Sev3, "Alert channel restored: telegram")]
    [InlineData("digest", Severity.Sev3, "7 alerts of 3 kinds held during quiet hours")]
    [InlineData("data-feed:AAPL", Severity.Sev4, "Data feed recovered for AAPL")]
    public void Warnings_recoveries_and_notices_are_no_incidents_of_their_own(string key, Severity severity, string title) =>
        Assert.Null(IncidentClassifier.Classify(Alert(key, severity, title)));

    [Fact]
    public void A_reconciliation_break_worth_a_SEV1_is_a_break_and_a_smaller_one_a_mismatch()
    {
        Assert.Equal(IncidentType.ReconciliationBreak, IncidentClassifier.Classify(Alert("reconciliation", Severity.Sev1, "Reconciliation found differences")));
        Assert.Equal(IncidentType.PositionMismatch, IncidentClassifier.Classify(Alert("reconciliation", Severity.Sev2, "Reconciliation found differences")));
    }

    [Fact]
    public void Keys_match_whole_names_only()
    {
        Assert.Null(IncidentClassifier.Classify(Alert("crashed-demo", Severity.Sev3, "x")));
        Assert.Null(IncidentClassifier.Classify(Alert("backups-rotated", Severity.Sev4, "x")));
        Assert.Equal(IncidentType.DataFeedFailure, IncidentClassifier.Classify(Alert("data-feed", Severity.Sev2, "Quotes stale")));
    }

    [Fact]
    public void A_type_set_on_the_alert_wins()
    {
        var alert = Alert("something-new", Severity.Sev2, "Margin call from IB") with { IncidentType = IncidentType.MarginPressure };
        Assert.Equal(IncidentType.MarginPressure, IncidentClassifier.Classify(alert));
    }

    [Theory]
    [InlineData("watchdog:17", "watchdog")]
    [InlineData("halted-restart", "watchdog")]
    [InlineData("alert-channel-down:telegram", "alert-channel:telegram")]
    [InlineData("alert-channel-restored:telegram", "alert-channel:telegram")]
    [InlineData("reject:AAPL", "reject:AAPL")]
    public void Incident_keys_group_what_belongs_together(string key, string expected) =>
        Assert.Equal(expected, IncidentClassifier.IncidentKey(Alert(key, Severity.Sev3, "x")));
}
