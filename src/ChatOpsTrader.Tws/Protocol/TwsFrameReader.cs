using System.Buffers;
using System.IO.Pipelines;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Reads length-prefixed frames from a <see cref="PipeReader"/>. The payload returned by <see cref="ReadFrameAsync"/>
/// stays valid only until the next call (or until the pipe is completed): it points into the pipe's buffers, or into
/// a scratch buffer of ours when the frame spans segments. Not thread-safe: one reader loop per instance.
/// </summary>
/// <remarks>
/// Memory is bounded by <see cref="MaxFrameSize"/>: a length above it is rejected before its payload is buffered. If the
/// pipe is a <see cref="Pipe"/>, its <see cref="PipeOptions.PauseWriterThreshold"/> must be above
/// <c>MaxFrameSize + 4</c>, or a large frame can never complete (the writer would pause while we wait for it).
/// </remarks>
public sealed class TwsFrameReader
{
    private readonly PipeReader _reader;
    private ReadOnlySequence<byte> _buffer;
    private bool _holdingBuffer;
    private byte[] _scratch = [];

    /// <summary>Creates a reader with a cap on frame size (default 1 MiB, at most 0xFFFFFF).</summary>
    public TwsFrameReader(PipeReader reader, int maxFrameSize = TwsFraming.DefaultMaxFrameSize)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        MaxFrameSize = TwsFraming.ValidateMaxFrameSize(maxFrameSize);
    }

    /// <summary>The largest payload accepted, in bytes.</summary>
    public int MaxFrameSize { get; }

    /// <summary>
    /// The next frame's payload, or null at a clean end of stream (the peer closed between frames). Throws
    /// <see cref="TwsProtocolException"/> for a bad length or a stream that ends inside a frame.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        if (_holdingBuffer)
        {
            // Frames already buffered by the previous read are handed out without another ReadAsync.
            if (TwsFraming.TryReadFrame(ref _buffer, MaxFrameSize, out var buffered))
                return Materialize(buffered);
            _reader.AdvanceTo(_buffer.Start, _buffer.End);
            _holdingBuffer = false;
        }

        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool found;
            ReadOnlySequence<byte> payload;
            try
            {
                found = TwsFraming.TryReadFrame(ref buffer, MaxFrameSize, out payload);
            }
            catch
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            if (found)
            {
                _buffer = buffer;
                _holdingBuffer = true;
                return Materialize(payload);
            }

            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                _reader.AdvanceTo(buffer.End);
                if (leftover == 0)
                    return null;
                throw new TwsProtocolException($"The stream ended inside a frame ({leftover} bytes of an incomplete frame).");
            }

            if (result.IsCanceled)
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
                throw new OperationCanceledException("The frame read was cancelled through the PipeReader.");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private ReadOnlyMemory<byte> Materialize(ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
            return payload.First;
        var length = (int)payload.Length;
        if (_scratch.Length < length)
            _scratch = new byte[Math.Min(MaxFrameSize, Math.Max(length, _scratch.Length * 2))];
        payload.CopyTo(_scratch);
        return _scratch.AsMemory(0, length);
    }
}
