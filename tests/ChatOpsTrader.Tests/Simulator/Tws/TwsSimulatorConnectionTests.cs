using System.Net.Sockets;
using System.Text;
using ChatOpsTrader.Simulator.Tws;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Simulator.Tws;

public class TwsSimulatorConnectionTests
{
    [Theory]
    [InlineData("v176..178", 178)]
    [InlineData("v100..177", 177)]
    [InlineData("v176..178 ", 178)] // the official C# client's trailing space
    [InlineData("v100..218 ", 178)]
    [InlineData("v176..178 +PACEAPI", 178)]
    [InlineData("v178", 178)]
    public async Task The_handshake_negotiates_the_clients_max_capped_at_178(string hello, int expected)
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await RawTwsClient.HandshakeAsync(sim.EndPoint, hello);

        Assert.Equal(expected, client.ServerVersion);
        Assert.Matches(@"^\d{8} \d{2}:\d{2}:\d{2} UTC$", client.ConnectionTime);
    }

    [Theory]
    [InlineData("v179..200")]
    [InlineData("v100..157")] // below the versions whose layouts we speak
    public async Task A_client_whose_range_misses_ours_is_closed_without_a_reply(string hello)
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await RawTwsClient.HandshakeAsync(sim.EndPoint, hello);

        await client.WaitClosedAsync();
        Assert.Equal(0, client.ServerVersion);
    }

    [Fact]
    public async Task A_connection_that_never_says_hello_is_closed_after_the_handshake_timeout()
    {
        await using var sim = await TwsSim.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(sim.EndPoint, timeout.Token);
        await socket.SendAsync("API\0"u8.ToArray(), timeout.Token); // the prefix, then nothing

        // The server's timer is on the manual clock: advance it until the session has armed its timeout and fired.
        var buffer = new byte[16];
        var receive = socket.ReceiveAsync(buffer, timeout.Token).AsTask();
        while (!receive.IsCompleted)
        {
            sim.Clock.Advance(TimeSpan.FromSeconds(11));
            await Task.WhenAny(receive, Task.Delay(20, timeout.Token));
        }

        Assert.Equal(0, await receive); // closed without a reply
    }

    [Fact]
    public async Task StartApi_is_answered_with_managedAccounts_nextValidId_and_the_farm_notices()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await RawTwsClient.HandshakeAsync(sim.EndPoint);
        await client.SendAsync(new StartApiRequest(3));
        await client.WaitForErrorAsync(2158);

        var messages = client.Messages;
        Assert.Equal(TwsSim.Account, Assert.IsType<ManagedAccountsMessage>(messages[0]).AccountsList);
        Assert.True(Assert.IsType<NextValidIdMessage>(messages[1]).OrderId > 0);
        Assert.Equal([2104, 2106, 2158], messages.Skip(2).OfType<ErrorMessage>().Select(e => e.Code));
        Assert.All(messages.OfType<ErrorMessage>(), e => Assert.Equal(-1, e.Id));
        Assert.Equal([3], sim.Server.ConnectedClientIds);
    }

    [Fact]
    public async Task A_request_before_startApi_is_refused_and_the_connection_stays()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await RawTwsClient.HandshakeAsync(sim.EndPoint);
        await client.SendAsync(ReqPositionsRequest.Instance);
        await client.WaitForErrorAsync(321);

        await client.SendAsync(new StartApiRequest(1));
        await client.WaitForAsync<NextValidIdMessage>();
    }

    [Fact]
    public async Task A_second_client_with_the_same_id_gets_326_and_is_closed_while_the_first_carries_on()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var first = await sim.ConnectAsync(5);
        await using var second = await RawTwsClient.HandshakeAsync(sim.EndPoint);
        await second.SendAsync(new StartApiRequest(5));

        var error = await second.WaitForErrorAsync(326);
        Assert.Equal(-1, error.Id);
        Assert.Contains("client id is already in use", error.Message, StringComparison.Ordinal);
        await second.WaitClosedAsync();
        Assert.Empty(second.All<NextValidIdMessage>());

        await first.SyncAsync();
        Assert.Equal([5], sim.Server.ConnectedClientIds);

        // Once the first goes, the id is free again.
        await first.DisposeAsync();
        await WaitUntil(() => sim.Server.ConnectedClientIds.Count == 0);
        await using var third = await sim.ConnectAsync(5);
    }

    [Fact]
    public async Task Two_clients_are_served_at_once()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var a = await sim.ConnectAsync(1);
        await using var b = await sim.ConnectAsync(2);

        await Task.WhenAll(a.SyncAsync(), b.SyncAsync());
        Assert.Equal([1, 2], sim.Server.ConnectedClientIds);
    }

    [Fact]
    public async Task More_than_the_limit_in_one_second_gets_error_100_then_a_disconnect()
    {
        await using var sim = await TwsSim.StartAsync(TwsSim.Options() with { MaxMessagesPerSecond = 10 });
        await using var client = await sim.ConnectAsync(1); // startApi is message 1

        for (var i = 0; i < 9; i++)
            await client.SendAsync(ReqCurrentTimeRequest.Instance); // messages 2..10: at the limit, fine
        await client.WaitUntilAsync(() => client.All<CurrentTimeMessage>().Count == 9, "9 replies");
        Assert.Empty(client.Errors(100));

        await client.SendAsync(ReqCurrentTimeRequest.Instance); // the 11th within the same second
        var error = await client.WaitForErrorAsync(100);
        Assert.StartsWith("Max rate of messages per second has been exceeded:max=10 rec=11", error.Message, StringComparison.Ordinal);
        await client.WaitClosedAsync();
        Assert.Equal(9, client.All<CurrentTimeMessage>().Count);
    }

    [Fact]
    public async Task The_limit_is_per_second_of_the_clock_so_a_steady_rate_under_it_is_fine()
    {
        await using var sim = await TwsSim.StartAsync(TwsSim.Options() with { MaxMessagesPerSecond = 10 });
        await using var client = await sim.ConnectAsync(1);

        for (var second = 0; second < 3; second++)
        {
            sim.Clock.Advance(TimeSpan.FromSeconds(1));
            for (var i = 0; i < 9; i++)
                await client.SendAsync(ReqCurrentTimeRequest.Instance);
            await client.WaitUntilAsync(() => client.All<CurrentTimeMessage>().Count == 9 * (second + 1), "replies");
        }

        Assert.Empty(client.Errors(100));
        Assert.False(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task A_malformed_request_gets_error_321_and_the_connection_stays()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);

        await client.SendPayloadAsync(Encoding.ASCII.GetBytes("3\07\0")); // placeOrder 7, then nothing
        var error = await client.WaitForErrorAsync(321);
        Assert.Equal(7, error.Id);

        await client.SendPayloadAsync(Encoding.ASCII.GetBytes("49\0")); // reqCurrentTime without its version field
        await client.SendPayloadAsync(Encoding.ASCII.GetBytes("999\01\0")); // an id we do not know
        await client.WaitUntilAsync(() => client.Errors(321).Count == 3, "three 321s");

        await client.SyncAsync();
        Assert.False(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task Broken_framing_drops_the_connection()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);

        await client.SendBytesAsync(new byte[] { 0x7F, 0xFF, 0xFF, 0xF0, 1, 2, 3 }); // a length far above the maximum

        await client.WaitClosedAsync();
        await WaitUntil(() => sim.Server.ConnectedClientIds.Count == 0);
    }

    [Fact]
    public async Task Dropping_connections_closes_them_and_frees_their_client_ids()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var a = await sim.ConnectAsync(1);
        await using var b = await sim.ConnectAsync(2);

        Assert.True(sim.Server.DropConnection(2));
        await b.WaitClosedAsync();
        await WaitUntil(() => !sim.Server.ConnectedClientIds.Contains(2));
        Assert.False(sim.Server.DropConnection(2));
        await a.SyncAsync();

        Assert.Equal(1, sim.Server.DropAllConnections());
        await a.WaitClosedAsync();
        await WaitUntil(() => sim.Server.ConnectedClientIds.Count == 0);
        await using var again = await sim.ConnectAsync(1);
    }

    [Fact]
    public async Task Connectivity_codes_reach_every_client_and_a_client_connecting_while_lost_gets_1100()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var a = await sim.ConnectAsync(1);
        await using var b = await sim.ConnectAsync(2);

        sim.Server.SendConnectivityLost();
        await a.WaitForErrorAsync(1100, -1);
        await b.WaitForErrorAsync(1100, -1);
        await using (var late = await sim.ConnectAsync(3))
            await late.WaitForErrorAsync(1100, -1);

        sim.Server.SendConnectivityRestored(dataLost: true);
        await a.WaitForErrorAsync(1101, -1);
        sim.Server.SendConnectivityRestored(dataLost: false);
        await b.WaitForErrorAsync(1102, -1);

        await using var after = await sim.ConnectAsync(4);
        await after.SyncAsync();
        Assert.Empty(after.Errors(1100));
    }

    [Fact]
    public async Task While_accepting_is_paused_nothing_listens_and_after_resuming_clients_connect_on_the_same_port()
    {
        await using var sim = await TwsSim.StartAsync();
        await using (var before = await sim.ConnectAsync(1))
        {
            sim.Server.PauseAccepting();
            Assert.False(sim.Server.IsAccepting);
            await before.SyncAsync(); // existing connections stay
        }

        await Assert.ThrowsAnyAsync<SocketException>(() => RawTwsClient.HandshakeAsync(sim.EndPoint));

        sim.Server.ResumeAccepting();
        Assert.True(sim.Server.IsAccepting);
        await using var after = await sim.ConnectAsync(1);
        Assert.Equal(sim.EndPoint, sim.Server.EndPoint);
    }

    [Fact]
    public async Task Stopping_the_server_closes_its_clients_and_leaves_their_orders_working_at_the_exchange()
    {
        var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        await client.SendAsync(TwsOrders.Limit(client.All<NextValidIdMessage>()[0].OrderId, "AAPL", "BUY", 1, 100m));
        await client.WaitForAsync<OrderStatusMessage>();

        await sim.DisposeAsync();

        await client.WaitClosedAsync();
        Assert.Single(sim.Exchange.GetSnapshot().OpenOrders); // the exchange is disposed, its state still readable
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new TwsSimulatorOptions { MaxServerVersion = 201 }.Validate());
        Assert.Throws<ArgumentException>(() => new TwsSimulatorOptions { MaxMessagesPerSecond = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new TwsSimulatorOptions { PnLInterval = TimeSpan.Zero }.Validate());
        new TwsSimulatorOptions().Validate();
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(5, timeout.Token);
    }
}
