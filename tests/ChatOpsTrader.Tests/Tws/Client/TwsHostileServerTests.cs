using System.Buffers.Binary;
using System.Text;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Tws.Client;

/// <summary>
/// Issue 7, bad input from the server side: hostile frames written to a live connection of our client and adapter.
/// The client drops the connection, reconnects and resyncs; nothing throws out of it and no fill is made up.
/// </summary>
public class TwsHostileServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Hostile_frames_from_TWS_are_dropped_with_the_connection_and_the_client_recovers_every_time()
    {
        const int seed = 20261121;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var unhandled = 0;
        void OnUnhandled(object? sender, UnhandledExceptionEventArgs e) => Interlocked.Increment(ref unhandled);
        AppDomain.CurrentDomain.UnhandledException += OnUnhandled;
        try
        {
            await using var server = new FakeTwsServer();
            var options = new TwsOptions
            {
                Host = "127.0.0.1", Port = server.Port, ClientId = 7, Account = "DU1234567",
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
                ReconnectSlowDelay = TimeSpan.FromMilliseconds(100), OpenOrdersPollInterval = TimeSpan.Zero, AccountValuesInterval = TimeSpan.Zero, PingInterval = TimeSpan.Zero,
            };
            await using var port = new TwsBrokerPort(options, TimeProvider.System);
            var sink = new CollectingBrokerSink();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await port.StartAsync(sink, cts.Token);

            const int rounds = 60;
            for (var round = 0; round < rounds; round++)
            {
                while (!port.IsConnected)
                    await Task.Delay(5, cts.Token);
                var sessions = server.SessionCount;
                await server.SendRawAsync(Hostile(random, round));
                // Either the frame is refused (connection dropped, then a new session) or it is harmless and ignored.
                var deadline = DateTime.UtcNow.AddMilliseconds(300);
                while (server.SessionCount == sessions && DateTime.UtcNow < deadline)
                    await Task.Delay(5, cts.Token);
            }

            while (!port.IsConnected)
                await Task.Delay(5, cts.Token);
            output.WriteLine($"{rounds} hostile frames, {server.SessionCount} sessions, {sink.Events.Count} events");
            Assert.True(server.SessionCount > rounds / 2, $"most hostile frames should cost the connection ({server.SessionCount} sessions)");
            Assert.DoesNotContain(sink.Events, e => e is ExecutionReceived);
            Assert.Equal(0, Volatile.Read(ref unhandled));
        }
        finally
        {
            AppDomain.CurrentDomain.UnhandledException -= OnUnhandled;
        }
    }

    /// <summary>A frame that is broken in one of several ways: random bytes, a huge or negative length, garbage fields for a known id.</summary>
    private static byte[] Hostile(Random random, int round)
    {
        switch (round % 4)
        {
            case 0:
            {
                var payload = new byte[random.Next(1, 200)];
                random.NextBytes(payload);
                return Framed(payload);
            }
            case 1:
            {
                var frame = new byte[8];
                BinaryPrimitives.WriteInt32BigEndian(frame, random.Next(2) == 0 ? int.MaxValue : -5);
                return frame;
            }
            case 2:
            {
                // A known message id (orderStatus, openOrder, execDetails, error, position) with fields that are not numbers.
                int[] ids = [3, 5, 11, 4, 61];
                var text = new StringBuilder().Append(ids[random.Next(ids.Length)]).Append('\0');
                for (var i = 0; i < random.Next(1, 30); i++)
                    text.Append("x\u00e9\u202e").Append(random.Next()).Append('\0');
                return Framed(Encoding.UTF8.GetBytes(text.ToString()));
            }
            default:
                // A frame without its terminating NUL, cut in the middle of a field.
                return Framed(Encoding.UTF8.GetBytes("3\0" + new string('9', random.Next(1, 60))));
        }
    }

    private static byte[] Framed(byte[] payload)
    {
        var frame = new byte[payload.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }
}
