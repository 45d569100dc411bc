using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;

namespace ChatOpsTrader.Tests.Tws.Client;

/// <summary>A TWS that hangs on an open socket is noticed by the ping and reconnected, not trusted.</summary>
public class TwsLivenessTests
{
    [Fact]
    public async Task An_unanswered_ping_drops_the_session_reports_it_and_reconnects()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        var options = new TwsOptions
        {
            Host = "127.0.0.1", Port = server.Port, ClientId = 7, Account = "DU1234567",
            PingInterval = TimeSpan.FromMilliseconds(200), RequestTimeout = TimeSpan.FromMilliseconds(500),
            OpenOrdersPollInterval = TimeSpan.Zero, AccountValuesInterval = TimeSpan.Zero,
        };
        await using var port = new TwsBrokerPort(options, TimeProvider.System);
        var sink = new CollectingBrokerSink();
        await port.StartAsync(sink, cts.Token);
        Assert.True(port.IsConnected);
        await Task.Delay(600, cts.Token); // answered pings keep the session
        Assert.Equal(1, server.SessionCount);

        server.AnswerPings = false;
        await sink.WaitForAsync<ConnectionChanged>(c => !c.Connected);
        server.AnswerPings = true;
        while (!(port.IsConnected && server.SessionCount >= 2))
            await Task.Delay(20, cts.Token);
    }
}
