using System.Buffers;
using BenchmarkDotNet.Attributes;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// Decoding a recorded TWS stream (frames built with our server-side encoders): framing plus message decode, per
/// message. Targets: ≥ 1,000,000 messages/s on one core, 0 B per tick.
/// Run: dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- --filter '*TwsDecode*' --job short --inProcess.
/// </summary>
[MemoryDiagnoser]
public class TwsDecodeBenchmarks
{
    private const int ServerVersion = 178;
    private const int TickCount = 10_000;
    private const int OrderMessageCount = 1_000;
    private const int MixedCount = 10_000;

    private byte[] _ticks = [];
    private byte[] _orders = [];
    private byte[] _mixed = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _ticks = Record(TickCount, i => WriteTick(i, random));
        _orders = Record(OrderMessageCount, WriteOrderMessage);
        // One order message in ten, as in a busy session with a few instruments streaming.
        _mixed = Record(MixedCount, i => i % 10 == 9 ? WriteOrderMessage(i / 10) : WriteTick(i, random));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TickCount, Description = "tickPrice/tickSize stream, per message")]
    public long Ticks() => DecodeAll(_ticks);

    [Benchmark(OperationsPerInvoke = OrderMessageCount, Description = "openOrder/orderStatus/execDetails/commission stream, per message")]
    public long OrderMessages() => DecodeAll(_orders);

    [Benchmark(OperationsPerInvoke = MixedCount, Description = "90% ticks, 10% order messages, per message")]
    public long Mixed() => DecodeAll(_mixed);

    private static long DecodeAll(ReadOnlySpan<byte> stream)
    {
        long checksum = 0;
        while (TwsFraming.TryReadFrame(stream, TwsFraming.DefaultMaxFrameSize, out var payload, out var consumed))
        {
            var message = TwsMessageDecoder.Decode(payload, ServerVersion);
            if (message.TryGetTickPrice(out var price))
                checksum += price.ReqId + (long)(price.Price ?? 0m);
            else if (message.TryGetTickSize(out var size))
                checksum += size.ReqId + (long)(size.Size ?? 0m);
            else
                checksum += message.MessageId;
            stream = stream[consumed..];
        }

        return checksum;
    }

    private static byte[] Record(int count, Func<int, Action<TwsFrameWriter, IBufferWriter<byte>>> message)
    {
        var frames = new TwsFrameWriter();
        var stream = new ArrayBufferWriter<byte>();
        for (var i = 0; i < count; i++)
            message(i)(frames, stream);
        return stream.WrittenSpan.ToArray();
    }

    private static Action<TwsFrameWriter, IBufferWriter<byte>> WriteTick(int i, Random random)
    {
        var reqId = 1 + (i % 8);
        var price = Math.Round(180m + ((decimal)random.NextDouble() * 10m), 2);
        var size = random.Next(1, 5000);
        return (i % 3) switch
        {
            0 => (frames, stream) => TwsMessageEncoder.WriteFrame(frames, stream, new TickPriceMessage(reqId, 1, price, size, 1), ServerVersion),
            1 => (frames, stream) => TwsMessageEncoder.WriteFrame(frames, stream, new TickPriceMessage(reqId, 2, price + 0.01m, size, 1), ServerVersion),
            _ => (frames, stream) => TwsMessageEncoder.WriteFrame(frames, stream, new TickSizeMessage(reqId, 8, size * 100m), ServerVersion),
        };
    }

    private static Action<TwsFrameWriter, IBufferWriter<byte>> WriteOrderMessage(int i)
    {
        var orderId = 1000 + i;
        var contract = new TwsContract { ConId = 265598, Symbol = "AAPL", SecType = "STK", Exchange = "SMART", Currency = "USD", LocalSymbol = "AAPL", TradingClass = "NMS" };
        var order = new TwsOrder
        {
            Action = "BUY", TotalQuantity = 100, OrderType = "LMT", LmtPrice = 187.25m, Tif = "DAY", Account = "DU123", OrderRef = "COT-0000000000000001",
        };
        TwsMessage message = (i % 4) switch
        {
            0 => new OpenOrderMessage(orderId, contract, order, 7, 900_000 + i, "Submitted", ""),
            1 => new OrderStatusMessage(orderId, "Filled", 100, 0, 187.25m, 900_000 + i, 0, 187.25m, 7, "", null),
            2 => new ExecDetailsMessage(-1, orderId, contract, new TwsExecution
            {
                ExecId = $"0000e0d5.6553a1b2.01.{i:x4}", Time = "20261117 15:30:00 US/Eastern", AcctNumber = "DU123", Exchange = "ISLAND", Side = "BOT",
                Shares = 100, Price = 187.25m, PermId = 900_000 + i, ClientId = 7, CumQty = 100, AvgPrice = 187.25m, OrderRef = "COT-0000000000000001",
            }),
            _ => new CommissionReportMessage($"0000e0d5.6553a1b2.01.{i:x4}", 1.02m, "USD", null, null, null),
        };
        return (frames, stream) => TwsMessageEncoder.WriteFrame(frames, stream, message, ServerVersion);
    }
}
