using System.Buffers;
using System.Buffers.Binary;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Builds one frame at a time: <see cref="Begin"/> gives a <see cref="TwsFieldWriter"/> over an internal payload
/// buffer, <see cref="CompleteTo"/> writes the 4-byte length and the payload to the destination. The buffer is reused
/// between frames. Not thread-safe: one writer per sending loop.
/// </summary>
public sealed class TwsFrameWriter
{
    private readonly ArrayBufferWriter<byte> _payload = new(256);

    /// <summary>Creates a writer with a cap on frame size (default 1 MiB, at most 0xFFFFFF).</summary>
    public TwsFrameWriter(int maxFrameSize = TwsFraming.DefaultMaxFrameSize) =>
        MaxFrameSize = TwsFraming.ValidateMaxFrameSize(maxFrameSize);

    /// <summary>The largest payload written, in bytes.</summary>
    public int MaxFrameSize { get; }

    /// <summary>The payload written since <see cref="Begin"/>.</summary>
    public ReadOnlySpan<byte> Payload => _payload.WrittenSpan;

    /// <summary>Starts a new frame, discarding any payload not completed.</summary>
    public TwsFieldWriter Begin()
    {
        _payload.ResetWrittenCount();
        return new TwsFieldWriter(_payload);
    }

    /// <summary>
    /// Writes the frame started by <see cref="Begin"/> to <paramref name="destination"/> and returns its size on the
    /// wire. Throws <see cref="InvalidOperationException"/> if the payload exceeds <see cref="MaxFrameSize"/>
    /// (our own message is too big: a caller's bug, nothing is written).
    /// </summary>
    public int CompleteTo(IBufferWriter<byte> destination)
    {
        var written = WriteFrame(destination, _payload.WrittenSpan, MaxFrameSize);
        _payload.ResetWrittenCount();
        return written;
    }

    /// <summary>Writes a length prefix and <paramref name="payload"/>; returns the bytes written.</summary>
    public static int WriteFrame(IBufferWriter<byte> destination, ReadOnlySpan<byte> payload, int maxFrameSize = TwsFraming.DefaultMaxFrameSize)
    {
        ArgumentNullException.ThrowIfNull(destination);
        TwsFraming.ValidateMaxFrameSize(maxFrameSize);
        if (payload.Length > maxFrameSize)
            throw new InvalidOperationException($"Outgoing frame of {payload.Length} bytes exceeds the maximum of {maxFrameSize} bytes.");
        var span = destination.GetSpan(TwsFraming.HeaderSize + payload.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, payload.Length);
        payload.CopyTo(span[TwsFraming.HeaderSize..]);
        destination.Advance(TwsFraming.HeaderSize + payload.Length);
        return TwsFraming.HeaderSize + payload.Length;
    }
}
