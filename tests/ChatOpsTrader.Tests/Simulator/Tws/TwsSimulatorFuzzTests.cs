using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChatOpsTrader.Simulator.Tws;
using ChatOpsTrader.Tws.Protocol;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Simulator.Tws;

/// <summary>
/// Random and mutated request frames fed straight to a session's request handling (no socket): nothing throws, every
/// frame is handled quickly, the answers stay bounded, and the session stays usable. Seeded, so a failure reproduces.
/// </summary>
public class TwsSimulatorFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 100_000;
    private const int Seed = 20261121;
    private const int Version = 178;

    private static readonly string[] Tokens =
    [
        "", "0", "1", "-1", "2", "3", "2147483647", "-2147483648", "99999999999999999999", "1.7976931348623157E308",
        "1.7976931348623157E+308", "NaN", "Infinity", "0.5", "187.25", "abc", "BUY", "SELL", "SSHORT", "MKT", "LMT", "STP",
        "STP LMT", "TRAIL", "AAPL", "MSFT", "STK", "BAG", "USD", "EUR", "SMART", "DAY", "GTC", "IOC", "GTD", "All",
        "NetLiquidation", "$LEDGER", "DU1234567", "U1", "20261118-15:00:00", "é€", "1e30", "-0",
    ];

    private static byte[] Encode(TwsRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TwsRequestEncoder.Write(new TwsFieldWriter(buffer), request, Version);
        return buffer.WrittenSpan.ToArray();
    }

    private static List<byte[]> Corpus()
    {
        var requests = new List<TwsRequest>
        {
            new StartApiRequest(1), new ReqIdsRequest(), ReqCurrentTimeRequest.Instance, ReqManagedAcctsRequest.Instance,
            ReqPositionsRequest.Instance, CancelPositionsRequest.Instance, ReqOpenOrdersRequest.Instance, ReqAllOpenOrdersRequest.Instance,
            new ReqAutoOpenOrdersRequest(true), new ReqExecutionsRequest(1, new TwsExecutionFilter { Symbol = "AAPL", Time = "20261118-14:00:00" }),
            TwsOrders.Market(100, "AAPL", "BUY", 1, "COT-f"), TwsOrders.Limit(101, "MSFT", "SELL", 2, 500m, "COT-f", ocaGroup: "g"),
            TwsOrders.Stop(102, "SPY", "SELL", 1, 500m), TwsOrders.StopLimit(103, "NVDA", "BUY", 1, 200m, 201m),
            TwsOrders.Market(104, "AAPL", "BUY", 1, transmit: false), TwsOrders.Limit(105, "AAPL", "SELL", 1, 250m, transmit: false, parentId: 104),
            TwsOrders.Stop(106, "AAPL", "SELL", 1, 150m, transmit: true, parentId: 104),
            new CancelOrderRequest(101), new ReqGlobalCancelRequest(), new ReqAccountSummaryRequest(2, "All", "NetLiquidation,$LEDGER"),
            new CancelAccountSummaryRequest(2), new ReqAccountUpdatesRequest(true, "DU1234567"), new ReqPnLRequest(3, "DU1234567"),
            new CancelPnLRequest(3), new ReqMktDataRequest(4, TwsOrders.Stock("TSLA")), new CancelMktDataRequest(4), new ReqMarketDataTypeRequest(3),
        };
        return [.. requests.Select(Encode)];
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var fields = Encoding.UTF8.GetString(original).Split('\0').ToList();
        fields.RemoveAt(fields.Count - 1);
        for (var m = random.Next(1, 4); m > 0 && fields.Count > 0; m--)
        {
            var index = random.Next(fields.Count);
            switch (random.Next(5))
            {
                case 0: fields[index] = Tokens[random.Next(Tokens.Length)]; break;
                case 1: fields.RemoveAt(index); break;
                case 2: fields.Insert(index, Tokens[random.Next(Tokens.Length)]); break;
                case 3: fields.RemoveRange(index, fields.Count - index); break;
                default: fields[index] = Tokens[random.Next(Tokens.Length)] + fields[index]; break;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(string.Concat(fields.Select(f => f + "\0")));
        if (random.Next(5) == 0 && bytes.Length > 0)
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        return bytes;
    }

    private static byte[] RandomFields(Random random)
    {
        var text = new StringBuilder();
        text.Append(random.Next(0, 100).ToString(CultureInfo.InvariantCulture)).Append('\0');
        for (var i = random.Next(0, 120); i > 0; i--)
            text.Append(Tokens[random.Next(Tokens.Length)]).Append('\0');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public async Task Random_and_mutated_requests_never_crash_hang_or_grow_the_session_without_bound()
    {
        await using var sim = await TwsSim.StartAsync(TwsSim.Options() with { MaxMessagesPerSecond = 10_000_000 });
        var report = await Task.Run(() => Run(sim)).WaitAsync(TimeSpan.FromSeconds(120));
        output.WriteLine(report);
    }

    private static string Run(TwsSim sim)
    {
        var random = new Random(Seed);
        var corpus = Corpus();
        var session = sim.Server.CreateDetachedSession(Version);
        session.ProcessFrame(Encode(new StartApiRequest(1)));
        var nextOrderId = 10_000;
        long answers = 0, worstTicks = 0;
        var clock = Stopwatch.StartNew();
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < Cases; i++)
        {
            var payload = random.Next(10) switch
            {
                0 => RandomFields(random),
                1 => Encode(TwsOrders.Limit(nextOrderId++, "AAPL", random.Next(2) == 0 ? "BUY" : "SELL", random.Next(1, 5), 150m + random.Next(80))),
                _ => Mutate(corpus[random.Next(corpus.Count)], random),
            };
            if (i % 500 == 0)
                payload = Encode(new ReqGlobalCancelRequest()); // keep the book from growing into a slow O(n²) matcher

            var started = Stopwatch.GetTimestamp();
            try
            {
                session.ProcessFrame(payload);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"case {i} threw {ex.GetType().Name}: {ex.Message}\npayload: {Encoding.UTF8.GetString(payload).Replace('\0', '|')}");
            }

            worstTicks = Math.Max(worstTicks, Stopwatch.GetTimestamp() - started);
            while (session.Outbox.TryRead(out _))
                answers++;
            Assert.False(session.IsClosing, $"case {i} closed the session: {Encoding.UTF8.GetString(payload).Replace('\0', '|')}");
        }

        var growth = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        Assert.True(growth < 64L << 20, $"memory grew by {growth:N0} bytes");
        var worst = TimeSpan.FromTicks(worstTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
        Assert.True(worst < TimeSpan.FromSeconds(2), $"the slowest frame took {worst}");

        // Still a working session: a plain request is answered.
        session.ProcessFrame(Encode(ReqCurrentTimeRequest.Instance));
        Assert.True(session.Outbox.TryRead(out var reply) && reply.Message is CurrentTimeMessage);
        return $"{Cases:N0} frames in {clock.Elapsed.TotalSeconds:F1} s, {answers:N0} messages answered, slowest {worst.TotalMilliseconds:F1} ms, memory growth {growth:N0} bytes";
    }
}
