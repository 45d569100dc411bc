using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Client;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws.Client;

public class TwsClientConnectionTests
{
    private static TwsOptions Options(FakeTwsServer server, string account = "DU1234567") =>
        new() { Host = "127.0.0.1", Port = server.Port, ClientId = 7, Account = account, RequestTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task The_session_is_ready_only_after_both_managedAccounts_and_nextValidId()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { SendNextValidIdAtStart = false, NextValidId = 41 };
        await using var client = new TwsClient(Options(server), TimeProvider.System);

        var connecting = client.ConnectAsync(cts.Token);
        await server.WaitForAsync<StartApiRequest>();
        Assert.Equal(7, server.ReceivedOf<StartApiRequest>()[0].ClientId);
        await Task.Delay(200, cts.Token); // managedAccounts and farm status are there; nextValidId is not
        Assert.False(connecting.IsCompleted);
        Assert.False(client.IsConnected);

        await server.SendAsync(new NextValidIdMessage(41));
        await connecting.WaitAsync(cts.Token);
        Assert.True(client.IsConnected);
        Assert.Equal(178, client.ServerVersion);
        Assert.Equal(["DU1234567"], client.ManagedAccounts);
        Assert.Equal(41, client.NextOrderId());
        Assert.Equal(42, client.NextOrderId());
        // Nothing but startApi went out before readiness; reqMarketDataType follows it.
        await server.WaitForAsync<ReqMarketDataTypeRequest>();
        Assert.IsType<StartApiRequest>(server.Received[0].Request);
    }

    [Fact]
    public async Task Ping_and_reqIds_are_answered_and_order_ids_never_go_backwards()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { NextValidId = 10 };
        await using var client = new TwsClient(Options(server), TimeProvider.System);
        await client.ConnectAsync(cts.Token);

        var time = await client.PingAsync(cts.Token);
        Assert.True(Math.Abs((time - DateTimeOffset.UtcNow).TotalSeconds) < 5);
        Assert.Equal(10, client.NextOrderId());
        server.NextValidId = 50;
        Assert.Equal(50, await client.RequestIdsAsync(cts.Token));
        Assert.Equal(50, client.NextOrderId());
        server.NextValidId = 3; // a lower id from TWS never lowers ours
        await client.RequestIdsAsync(cts.Token);
        Assert.Equal(51, client.NextOrderId());
    }

    [Fact]
    public async Task A_hostile_frame_loses_the_connection_with_a_protocol_reason_and_fails_pending_requests()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        await using var client = new TwsClient(Options(server), TimeProvider.System);
        await client.ConnectAsync(cts.Token);
        var lost = client.WhenDisconnected();
        server.Positions.Clear();
        server.AcknowledgeOrders = false;

        // A length far over the frame limit.
        await server.SendRawAsync([0x7F, 0xFF, 0xFF, 0xFF, 0x31, 0x00]);
        var reason = await lost.WaitAsync(cts.Token);
        Assert.Contains("protocol error", reason, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<TwsNotConnectedException>(() => client.PingAsync(cts.Token));
    }

    [Fact]
    public async Task The_end_of_the_stream_loses_the_connection_and_the_listener_hears_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        await using var client = new TwsClient(Options(server), TimeProvider.System);
        var listener = new RecordingListener();
        client.SetListener(listener);
        await client.ConnectAsync(cts.Token);
        server.DropAll();
        Assert.Equal("TWS closed the connection", await listener.Lost.Task.WaitAsync(cts.Token));
    }

    [Fact]
    public async Task Client_id_in_use_fails_the_connect_as_such()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { Mode = FakeTwsMode.ClientIdInUse };
        await using var client = new TwsClient(Options(server), TimeProvider.System);
        var ex = await Assert.ThrowsAsync<TwsConnectException>(() => client.ConnectAsync(cts.Token));
        Assert.Equal(TwsConnectFailure.ClientIdInUse, ex.Failure);
        Assert.Contains("326", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_without_the_configured_account_is_refused()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { Accounts = "U7654321" };
        await using var client = new TwsClient(Options(server, "DU1234567"), TimeProvider.System);
        var ex = await Assert.ThrowsAsync<TwsConnectException>(() => client.ConnectAsync(cts.Token));
        Assert.Equal(TwsConnectFailure.AccountNotManaged, ex.Failure);
        Assert.Equal(["U7654321"], ex.ManagedAccounts);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_session_that_never_gets_ready_times_out_on_the_fake_clock()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var clock = new ManualTimeProvider();
        await using var server = new FakeTwsServer(clock) { Mode = FakeTwsMode.NeverReady };
        await using var client = new TwsClient(Options(server), clock);
        var connecting = client.ConnectAsync(cts.Token);
        await server.WaitForAsync<StartApiRequest>();
        await using (new ClockPump(clock, TimeSpan.FromMilliseconds(50)))
        {
            var ex = await Assert.ThrowsAsync<TwsConnectException>(() => connecting.WaitAsync(cts.Token));
            Assert.Equal(TwsConnectFailure.ReadyTimeout, ex.Failure);
        }
    }

    private sealed class RecordingListener : ITwsClientListener
    {
        public TaskCompletionSource<string> Lost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnOpenOrder(OpenOrderMessage message)
        {
        }

        public void OnOrderStatus(OrderStatusMessage message)
        {
        }

        public void OnExecution(TwsExecutionReport report)
        {
        }

        public void OnError(ErrorMessage error)
        {
        }

        public void OnQuote(TwsQuote quote)
        {
        }

        public void OnConnectionLost(string reason) => Lost.TrySetResult(reason);
    }
}
