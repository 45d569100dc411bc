using System.Net;
using System.Net.Sockets;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using ChatOpsTrader.Tws.Client;

namespace ChatOpsTrader.Tests.Tws.Client;

public class TwsConnectionProbeTests
{
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_diagnosed_as_TWS_not_running()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var options = new TwsOptions { Port = FreePort(), Account = "DU1234567" };
        var d = await TwsConnectionProbe.ProbeAsync(options, TimeProvider.System, cts.Token);
        Assert.Equal(TwsDiagnosisCodes.NotListening, d.Code);
        Assert.Equal(TwsConnectionDoctor.StepRunning, d.Step);
    }

    [Fact]
    public async Task A_silent_listener_is_diagnosed_as_API_not_enabled_after_the_handshake_timeout_on_the_fake_clock()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var clock = new ManualTimeProvider();
        await using var server = new FakeTwsServer(clock) { Mode = FakeTwsMode.Silent };
        var options = new TwsOptions { Port = server.Port, HandshakeTimeout = TimeSpan.FromSeconds(5) };
        var probing = TwsConnectionProbe.ProbeAsync(options, clock, cts.Token);
        while (server.SessionCount == 0)
            await Task.Delay(5, cts.Token);
        await Task.Delay(50, cts.Token);
        Assert.False(probing.IsCompleted);
        await using (new ClockPump(clock, TimeSpan.FromMilliseconds(100)))
        {
            var d = await probing.WaitAsync(cts.Token);
            Assert.Equal(TwsDiagnosisCodes.ApiNotEnabled, d.Code);
            Assert.Contains("within 5 s", d.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Error_326_is_diagnosed_as_client_id_in_use()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { Mode = FakeTwsMode.ClientIdInUse };
        var d = await TwsConnectionProbe.ProbeAsync(new TwsOptions { Port = server.Port, ClientId = 3 }, TimeProvider.System, cts.Token);
        Assert.Equal(TwsDiagnosisCodes.ClientIdInUse, d.Code);
        Assert.Contains("Client id 3", d.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_session_for_a_paper_account_is_diagnosed_as_a_paper_live_mismatch()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { Accounts = "U7654321" };
        var d = await TwsConnectionProbe.ProbeAsync(new TwsOptions { Port = server.Port, Account = "DU1234567" }, TimeProvider.System, cts.Token);
        Assert.Equal(TwsDiagnosisCodes.PaperLiveMismatch, d.Code);
        Assert.Contains("live session", d.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_healthy_TWS_probes_ok()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        var d = await TwsConnectionProbe.ProbeAsync(new TwsOptions { Port = server.Port, Account = "DU1234567" }, TimeProvider.System, cts.Token);
        Assert.True(d.IsOk, d.Text);
    }

    [Fact]
    public async Task The_adapter_exposes_the_diagnosis_of_a_failed_start_and_reports_it_as_the_connection_detail()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var clock = new ManualTimeProvider();
        var sink = new CollectingBrokerSink();
        await using var port = new TwsBrokerPort(new TwsOptions { Port = FreePort(), Account = "DU1234567" }, clock);
        await port.StartAsync(sink, cts.Token);

        Assert.False(port.IsConnected);
        Assert.Equal(TwsDiagnosisCodes.NotListening, port.Diagnosis!.Code);
        var change = await sink.WaitForAsync<ConnectionChanged>();
        Assert.False(change.Connected);
        Assert.StartsWith("[tws-not-listening] Nothing is listening on 127.0.0.1:", change.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TwsNotConnectedException>(async () => await port.GetAccountSnapshotAsync(cts.Token));
    }
}
