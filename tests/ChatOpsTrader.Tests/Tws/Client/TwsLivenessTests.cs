using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws.Client;

/// <summary>A TWS that hangs on an open socket is noticed by the ping and reconnected, not trusted.</summary>
public class TwsLivenessTests
{
    [Fact]
    public async Task An_unanswered_ping_drops_the_session_reports_it_and_reconnects()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await using var server = new FakeTwsServer();
        var options = new TwsOptions
        {
            Host = "127.0.0.1", Port = server.Port, ClientId = 7, Account = "DU1234567",
            PingInterval = TimeSpan.FromMilliseconds(200), RequestTimeout = TimeSpan.FromSeconds(3), // an answer late by seconds on a loaded machine is still an answer
            OpenOrdersPollInterval = TimeSpan.Zero, AccountValuesInterval = TimeSpan.Zero,
        };
        await using var port = new TwsBrokerPort(options, TimeProvider.System);
        var sink = new CollectingBrokerSink();
        await port.StartAsync(sink, cts.Token);
        Assert.True(port.IsConnected);
        // Answered pings keep the session: 18 pings (one at a time: the next goes out once the last was answered) span more
        // than the first one's deadline, which would have dropped the session had its answer been ignored.
        await server.WaitForAsync<ReqCurrentTimeRequest>(18, TimeSpan.FromSeconds(20));
        Assert.Equal(1, server.SessionCount);
        Assert.True(port.IsConnected);

        server.AnswerPings = false;
        await sink.WaitForAsync<ConnectionChanged>(c => !c.Connected);
        server.AnswerPings = true;
        while (!(port.IsConnected && server.SessionCount >= 2))
            await Task.Delay(20, cts.Token);
    }
}
