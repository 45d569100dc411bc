using System.Buffers;
using System.Text;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws;

/// <summary>Builds payloads by hand, field by field, the way the brief's tables list them.</summary>
internal static class TwsTestFrames
{
    /// <summary>Each field as text followed by NUL.</summary>
    public static byte[] Payload(params string[] fields)
    {
        var text = new StringBuilder();
        foreach (var field in fields)
            text.Append(field).Append('\0');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The fields of a payload, split on NUL (the last, empty piece after the final NUL dropped).</summary>
    public static string[] Fields(ReadOnlySpan<byte> payload)
    {
        var text = Encoding.UTF8.GetString(payload);
        Assert.EndsWith("\0", text, StringComparison.Ordinal);
        return text[..^1].Split('\0');
    }

    public static byte[] Encode(TwsRequest request, int serverVersion)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TwsRequestEncoder.Write(new TwsFieldWriter(buffer), request, serverVersion);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Encode(TwsMessage message, int serverVersion)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TwsMessageEncoder.Write(new TwsFieldWriter(buffer), message, serverVersion);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Encode(TickPriceMessage tick, int serverVersion)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TwsMessageEncoder.WriteTickPrice(new TwsFieldWriter(buffer), tick, serverVersion);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Encode(TickSizeMessage tick, int serverVersion)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TwsMessageEncoder.WriteTickSize(new TwsFieldWriter(buffer), tick, serverVersion);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A byte sequence split into segments of the given sizes (to test frames that straddle segments).</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += segmentSize)
        {
            var piece = bytes.AsMemory(offset, Math.Min(segmentSize, bytes.Length - offset));
            if (first is null)
                first = last = new Segment(piece, 0);
            else
                last = last!.Append(piece);
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
