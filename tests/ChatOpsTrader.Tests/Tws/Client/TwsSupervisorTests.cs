using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using ChatOpsTrader.Tws.Client;
using ChatOpsTrader.Tws.Protocol;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Tws.Client;

public class TwsSupervisorTests(ITestOutputHelper output)
{
    private static TwsOptions Options(FakeTwsServer server) =>
        new() { Host = "127.0.0.1", Port = server.Port, ClientId = 7, Account = "DU1234567" };

    [Theory]
    [InlineData(null, 0, 200)]
    [InlineData(TwsConnectFailure.Refused, 0, 200)]
    [InlineData(TwsConnectFailure.Refused, 1, 400)]
    [InlineData(TwsConnectFailure.Refused, 2, 500)]
    [InlineData(TwsConnectFailure.Refused, 3, 500)]
    [InlineData(TwsConnectFailure.Refused, 50, 500)]
    [InlineData(TwsConnectFailure.HandshakeTimeout, 10, 10_000)]
    [InlineData(TwsConnectFailure.ClientIdInUse, 0, 30_000)]
    [InlineData(TwsConnectFailure.ClientIdInUse, 9, 30_000)]
    public void Backoff_starts_short_doubles_and_is_capped_and_326_waits_long(TwsConnectFailure? failure, int failures, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), TwsConnectionSupervisor.RetryDelay(new TwsOptions(), failure, failures));

    [Fact]
    public async Task After_a_drop_it_reconnects_and_resyncs_within_2_s_of_TWS_accepting_again_on_the_fake_clock()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var clock = new ManualTimeProvider();
        await using var server = new FakeTwsServer(clock);
        var sink = new CollectingBrokerSink();
        await using var port = new TwsBrokerPort(Options(server), clock);
        await using var pump = new ClockPump(clock);
        await port.StartAsync(sink, cts.Token);
        await port.SubscribeQuotesAsync(["AAPL"], cts.Token);
        await server.WaitForAsync<ReqMktDataRequest>();
        // A fill seen before the drop makes the resync ask for executions since then.
        await server.SendAsync(new ExecDetailsMessage(-1, 1, new TwsContract { Symbol = "AAPL" }, new TwsExecution { ExecId = "e1", Side = "BOT", Shares = 1, Price = 10, ClientId = 7, PermId = 1 }));
        await sink.WaitForAsync<ExecutionReceived>();
        var seenAt = port.Client.LastExecutionSeen!.Value;

        server.StopAccepting();
        server.DropAll();
        var lost = await sink.WaitForAsync<ConnectionChanged>(c => !c.Connected);
        Assert.Contains("TWS connection lost", lost.Detail, StringComparison.Ordinal);
        Assert.False(port.IsConnected);
        await Assert.ThrowsAsync<TwsNotConnectedException>(async () => await port.PlaceOrderAsync(new BrokerOrderRequest("COT-n", "AAPL", OrderSide.Buy, 1, OrderType.Market, null, null), cts.Token));

        // Down for 2.5 s of fake time: the backoff reaches its 0.5 s cap (0.2, 0.4, 0.5, 0.5 …).
        var downUntil = clock.GetUtcNow() + TimeSpan.FromSeconds(2.5);
        while (clock.GetUtcNow() < downUntil)
            await Task.Delay(5, cts.Token);
        var requestsBefore = server.Received.Count;
        server.ResumeAccepting();
        var acceptedAt = clock.GetUtcNow();

        var back = await sink.WaitForAsync<ConnectionChanged>(c => c.Connected && c.Time > acceptedAt);
        output.WriteLine($"reconnect + resync: {(back.Time - acceptedAt).TotalMilliseconds:0} ms (fake clock) after TWS accepted again");
        Assert.True(back.Time - acceptedAt <= TimeSpan.FromSeconds(2), $"reconnected and resynced {(back.Time - acceptedAt).TotalMilliseconds} ms after TWS accepted again");
        Assert.True(port.IsConnected);
        Assert.Equal(2, port.ConnectCount);
        var resync = server.Received.Skip(requestsBefore).Select(r => r.Request).ToList();
        Assert.Contains(resync, r => r is ReqPositionsRequest);
        Assert.Contains(resync, r => r is ReqAllOpenOrdersRequest);
        var executions = resync.OfType<ReqExecutionsRequest>().Single();
        Assert.Equal((seenAt - TimeSpan.FromMinutes(5)).UtcDateTime.ToString("yyyyMMdd-HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), executions.Filter.Time);
        await server.WaitForAsync(r => r.Skip(requestsBefore).Any(x => x.Request is ReqMktDataRequest), what: "market data requested again");
    }

    [Fact]
    public async Task Client_id_in_use_is_reported_as_such_and_retried_only_after_the_long_delay()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var clock = new ManualTimeProvider();
        await using var server = new FakeTwsServer(clock) { Mode = FakeTwsMode.ClientIdInUse };
        var sink = new CollectingBrokerSink();
        await using var port = new TwsBrokerPort(Options(server), clock);

        await port.StartAsync(sink, cts.Token);
        Assert.False(port.IsConnected);
        Assert.Equal(TwsDiagnosisCodes.ClientIdInUse, port.Diagnosis!.Code);
        var changed = await sink.WaitForAsync<ConnectionChanged>();
        Assert.Equal((false, 326), (changed.Connected, changed.Code));
        Assert.Contains("Client id 7 is already in use", changed.Detail, StringComparison.Ordinal);
        Assert.Equal(1, server.SessionCount);

        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200, cts.Token);
        Assert.Equal(1, server.SessionCount); // not hammered

        server.Mode = FakeTwsMode.Normal;
        clock.Advance(TimeSpan.FromSeconds(1));
        await using (new ClockPump(clock))
            await sink.WaitForAsync<ConnectionChanged>(c => c.Connected);
        Assert.Equal(2, server.SessionCount);
        Assert.True(port.Diagnosis!.IsOk);
    }
}
