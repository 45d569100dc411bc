using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;

namespace ChatOpsTrader.Tests.Chaos;

/// <summary>
/// Found by the broker chaos test: TWS loses IB (1100), then our socket drops; when we reconnect TWS still has no IB
/// and says 1100 again at connect. The adapter used to forget that and report the broker up (entries accepted while
/// TWS could not reach IB). Now it stays down until 1101/1102.
/// </summary>
[Collection(nameof(ChaosCollection))]
public sealed class TwsReconnectWithoutIbTests
{
    [Fact]
    public async Task Reconnecting_to_a_TWS_that_still_has_no_IB_stays_down_until_1101_or_1102()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var broker = await ChaosBroker.StartAsync(seed: 5, masterClientId: 1, partialFillProbability: 0, TimeSpan.FromMilliseconds(100));
        await using var port = new TwsBrokerPort(new TwsOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = 1 }, TimeProvider.System);
        var sink = new CollectingBrokerSink();
        await port.StartAsync(sink, cts.Token);
        Assert.True(port.IsConnected);

        broker.Server.SendConnectivityLost();
        await sink.WaitForAsync<ConnectionChanged>(c => c.Code == 1100, TimeSpan.FromSeconds(5));
        broker.Server.DropAllConnections();
        await ChaosWait.UntilAsync(() => port.ConnectCount >= 2, TimeSpan.FromSeconds(10), () => "the adapter to reconnect and resync");
        await Task.Delay(200);

        var afterLoss = sink.Of<ConnectionChanged>().SkipWhile(c => c.Code != 1100).ToList();
        Assert.DoesNotContain(afterLoss, c => c.Connected);
        Assert.False(port.IsConnected, "connected while TWS has no IB");

        broker.Server.SendConnectivityRestored(dataLost: false);
        var restored = await sink.WaitForAsync<ConnectionChanged>(c => c.Connected && c.Code == 1102, TimeSpan.FromSeconds(5));
        Assert.True(restored.Connected);
        Assert.True(port.IsConnected);

        // A plain drop and reconnect with IB fine is reported up as before.
        var before = sink.Of<ConnectionChanged>().Count;
        broker.Server.DropAllConnections();
        await ChaosWait.UntilAsync(() => sink.Of<ConnectionChanged>().Skip(before).Any(c => c.Connected), TimeSpan.FromSeconds(10), () => "the reconnect to be reported up");
        Assert.True(port.IsConnected);
    }
}
