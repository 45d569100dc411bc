using System.Buffers;
using System.Buffers.Binary;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Length-prefixed framing used in both directions: a 4-byte big-endian payload length, then the payload
/// (NUL-terminated fields). The protocol allows up to 0xFFFFFF bytes; we enforce a smaller, configurable cap so a
/// hostile peer cannot make us buffer more than we chose.
/// </summary>
public static class TwsFraming
{
    /// <summary>Bytes of the length prefix.</summary>
    public const int HeaderSize = 4;

    /// <summary>The protocol's own ceiling for one frame's payload (16 MiB − 1).</summary>
    public const int ProtocolMaxFrameSize = 0xFFFFFF;

    /// <summary>Our default cap for one frame's payload: 1 MiB. Real messages are a few hundred bytes.</summary>
    public const int DefaultMaxFrameSize = 1 << 20;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 1 ≤ <paramref name="maxFrameSize"/> ≤ <see cref="ProtocolMaxFrameSize"/>.</summary>
    public static int ValidateMaxFrameSize(int maxFrameSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameSize, ProtocolMaxFrameSize);
        return maxFrameSize;
    }

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>. Returns false (and leaves the buffer alone)
    /// while the frame is incomplete. A negative or oversized length throws <see cref="TwsProtocolException"/> as soon
    /// as the 4 length bytes are there, before any payload is buffered.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderSize)
            return false;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = CheckLength(BinaryPrimitives.ReadInt32BigEndian(header), maxFrameSize);
        if (buffer.Length - HeaderSize < length)
            return false;
        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>
    /// Span flavour of <see cref="TryReadFrame(ref ReadOnlySequence{byte}, int, out ReadOnlySequence{byte})"/>:
    /// on success <paramref name="payload"/> is the frame's payload and <paramref name="consumed"/> the bytes taken
    /// (header included).
    /// </summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> buffer, int maxFrameSize, out ReadOnlySpan<byte> payload, out int consumed)
    {
        payload = default;
        consumed = 0;
        if (buffer.Length < HeaderSize)
            return false;
        var length = CheckLength(BinaryPrimitives.ReadInt32BigEndian(buffer), maxFrameSize);
        if (buffer.Length - HeaderSize < length)
            return false;
        payload = buffer.Slice(HeaderSize, length);
        consumed = HeaderSize + length;
        return true;
    }

    private static int CheckLength(int length, int maxFrameSize)
    {
        if (length < 0)
            throw new TwsProtocolException($"Frame length {(uint)length} is negative as a signed 32-bit value.");
        if (length > maxFrameSize)
            throw new TwsProtocolException($"Frame length {length} exceeds the maximum of {maxFrameSize} bytes.");
        return length;
    }
}
