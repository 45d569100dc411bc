using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Client;

namespace ChatOpsTrader.Tests.Tws.Client;

public class TwsConnectionDoctorTests
{
    private static TwsOptions Options(int port = 7497, string account = "DU1234567", int clientId = 7) =>
        new() { Host = "127.0.0.1", Port = port, Account = account, ClientId = clientId };

    [Fact]
    public void A_refused_connection_says_nothing_listens_and_names_the_ports()
    {
        var d = TwsConnectionDoctor.Diagnose(Options(), TwsConnectFailure.Refused, "ConnectionRefused");
        Assert.Equal(TwsDiagnosisCodes.NotListening, d.Code);
        Assert.Equal(TwsConnectionDoctor.StepRunning, d.Step);
        Assert.Contains("Nothing is listening on 127.0.0.1:7497", d.Text, StringComparison.Ordinal);
        Assert.Contains("7497 paper / 7496 live", d.Text, StringComparison.Ordinal);
        Assert.False(d.IsOk);
    }

    [Theory]
    [InlineData(TwsConnectFailure.HandshakeTimeout, "within 5 s")]
    [InlineData(TwsConnectFailure.HandshakeClosed, "closed the connection")]
    public void A_listener_that_fails_the_handshake_points_at_the_API_settings(TwsConnectFailure failure, string detail)
    {
        var d = TwsConnectionDoctor.Diagnose(Options(), failure);
        Assert.Equal(TwsDiagnosisCodes.ApiNotEnabled, d.Code);
        Assert.Equal(TwsConnectionDoctor.StepApiEnabled, d.Step);
        Assert.Contains("Enable ActiveX and Socket Clients", d.Text, StringComparison.Ordinal);
        Assert.Contains("Trusted IPs", d.Text, StringComparison.Ordinal);
        Assert.Contains(detail, d.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_id_in_use_is_reported_as_such_with_the_id()
    {
        var d = TwsConnectionDoctor.Diagnose(Options(clientId: 7), TwsConnectFailure.ClientIdInUse);
        Assert.Equal(TwsDiagnosisCodes.ClientIdInUse, d.Code);
        Assert.Equal(TwsConnectionDoctor.StepClientId, d.Step);
        Assert.Contains("Client id 7 is already in use", d.Text, StringComparison.Ordinal);
        Assert.Contains("326", d.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7496, "DU1234567", "paper account but 7496 is the live TWS port")]
    [InlineData(4001, "DU1234567", "paper account but 4001 is the live IB Gateway port")]
    [InlineData(7497, "U7654321", "live account but 7497 is the paper TWS port")]
    [InlineData(4002, "U7654321", "live account but 4002 is the paper IB Gateway port")]
    public void A_refused_port_of_the_other_session_kind_is_a_paper_live_mismatch(int port, string account, string expected)
    {
        var d = TwsConnectionDoctor.Diagnose(Options(port, account), TwsConnectFailure.Refused);
        Assert.Equal(TwsDiagnosisCodes.PaperLiveMismatch, d.Code);
        Assert.Equal(TwsConnectionDoctor.StepPort, d.Step);
        Assert.Contains(expected, d.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7497, "DU1234567")]
    [InlineData(7496, "U7654321")]
    [InlineData(4002, "DF99")]
    [InlineData(5555, "DU1")]
    [InlineData(7496, "")]
    public void Matching_or_unknown_kinds_are_not_a_mismatch(int port, string account) =>
        Assert.Null(TwsConnectionDoctor.PortMismatch(Options(port, account)));

    [Fact]
    public void A_live_session_when_a_paper_account_is_configured_is_a_mismatch_and_nothing_is_traded()
    {
        var d = TwsConnectionDoctor.Diagnose(Options(5555, "DU1234567"), TwsConnectFailure.AccountNotManaged, null, ["U7654321"]);
        Assert.Equal(TwsDiagnosisCodes.PaperLiveMismatch, d.Code);
        Assert.Contains("is a live session (accounts: U7654321)", d.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was traded", d.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_login_without_the_configured_account_of_the_same_kind_is_account_not_managed()
    {
        var d = TwsConnectionDoctor.Diagnose(Options(account: "DU1234567"), TwsConnectFailure.AccountNotManaged, null, ["DU7777777"]);
        Assert.Equal(TwsDiagnosisCodes.AccountNotManaged, d.Code);
        Assert.Contains("manages DU7777777, not the configured account DU1234567", d.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TwsConnectFailure.ConnectTimeout, TwsDiagnosisCodes.NoAnswer, TwsConnectionDoctor.StepFirewall)]
    [InlineData(TwsConnectFailure.Unreachable, TwsDiagnosisCodes.Unreachable, TwsConnectionDoctor.StepFirewall)]
    [InlineData(TwsConnectFailure.ReadyTimeout, TwsDiagnosisCodes.SessionNotReady, TwsConnectionDoctor.StepLoggedIn)]
    [InlineData(TwsConnectFailure.VersionRejected, TwsDiagnosisCodes.NotTws, TwsConnectionDoctor.StepPort)]
    [InlineData(TwsConnectFailure.HandshakeInvalid, TwsDiagnosisCodes.NotTws, TwsConnectionDoctor.StepPort)]
    public void Other_failures_name_their_step(TwsConnectFailure failure, string code, string step)
    {
        var d = TwsConnectionDoctor.Diagnose(Options(), failure, "detail");
        Assert.Equal(code, d.Code);
        Assert.Equal(step, d.Step);
        Assert.EndsWith("(detail).", d.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Healthy_is_ok()
    {
        var d = TwsConnectionDoctor.Healthy(Options(), ["DU1234567"]);
        Assert.True(d.IsOk);
        Assert.Equal("[ok] Connected to TWS at 127.0.0.1:7497 as client 7 (accounts: DU1234567).", d.ToString());
    }
}
