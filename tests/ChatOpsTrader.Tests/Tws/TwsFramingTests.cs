using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws;

public class TwsFramingTests
{
    private static byte[] Framed(params byte[][] payloads)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var payload in payloads)
            TwsFrameWriter.WriteFrame(buffer, payload);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Header(int length)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        return header;
    }

    [Fact]
    public void A_frame_is_a_big_endian_length_followed_by_the_payload()
    {
        var bytes = Framed(TwsTestFrames.Payload("49", "1"));
        Assert.Equal(new byte[] { 0, 0, 0, 5, (byte)'4', (byte)'9', 0, (byte)'1', 0 }, bytes);
    }

    [Fact]
    public void The_frame_writer_builds_a_frame_from_fields_and_reuses_its_buffer()
    {
        var frames = new TwsFrameWriter();
        var destination = new ArrayBufferWriter<byte>();
        var fields = frames.Begin();
        fields.Write(49);
        fields.Write(1);
        Assert.Equal(9, frames.CompleteTo(destination));
        frames.Begin().Write("x");
        frames.CompleteTo(destination);
        Assert.Equal(Framed(TwsTestFrames.Payload("49", "1"), TwsTestFrames.Payload("x")), destination.WrittenSpan.ToArray());
    }

    [Fact]
    public void Frames_are_read_one_at_a_time_from_a_span_and_a_partial_frame_waits()
    {
        var bytes = Framed(TwsTestFrames.Payload("1"), TwsTestFrames.Payload("22"));
        Assert.True(TwsFraming.TryReadFrame(bytes, TwsFraming.DefaultMaxFrameSize, out var first, out var consumed));
        Assert.Equal(TwsTestFrames.Payload("1"), first.ToArray());
        Assert.True(TwsFraming.TryReadFrame(bytes.AsSpan(consumed), TwsFraming.DefaultMaxFrameSize, out var second, out _));
        Assert.Equal(TwsTestFrames.Payload("22"), second.ToArray());
        Assert.False(TwsFraming.TryReadFrame(bytes.AsSpan(0, bytes.Length - 1)[consumed..], TwsFraming.DefaultMaxFrameSize, out _, out _));
        Assert.False(TwsFraming.TryReadFrame(bytes.AsSpan(0, 3), TwsFraming.DefaultMaxFrameSize, out _, out _));
    }

    [Fact]
    public void Frames_straddling_sequence_segments_are_read_whole()
    {
        var bytes = Framed(TwsTestFrames.Payload("1", "6", "AAPL"), TwsTestFrames.Payload("9", "1", "42"));
        var sequence = TwsTestFrames.Segmented(bytes, 3);
        Assert.True(TwsFraming.TryReadFrame(ref sequence, 1024, out var first));
        Assert.Equal(TwsTestFrames.Payload("1", "6", "AAPL"), first.ToArray());
        Assert.True(TwsFraming.TryReadFrame(ref sequence, 1024, out var second));
        Assert.Equal(TwsTestFrames.Payload("9", "1", "42"), second.ToArray());
        Assert.True(sequence.IsEmpty);
        Assert.False(TwsFraming.TryReadFrame(ref sequence, 1024, out _));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(1025)]
    [InlineData(int.MaxValue)]
    public void A_negative_or_oversized_length_is_a_protocol_error_before_any_payload_arrives(int length)
    {
        var header = Header(length);
        Assert.Throws<TwsProtocolException>(() => TwsFraming.TryReadFrame(header, 1024, out _, out _));
        var sequence = new ReadOnlySequence<byte>(header);
        Assert.Throws<TwsProtocolException>(() => TwsFraming.TryReadFrame(ref sequence, 1024, out _));
    }

    [Fact]
    public void A_frame_of_exactly_the_maximum_size_is_accepted()
    {
        var bytes = Framed(new byte[1024]);
        Assert.True(TwsFraming.TryReadFrame(bytes, 1024, out var payload, out _));
        Assert.Equal(1024, payload.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(0x1000000)]
    public void The_maximum_frame_size_cannot_exceed_the_protocol_limit_or_be_empty(int maxFrameSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwsFrameWriter(maxFrameSize));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwsFrameReader(new Pipe().Reader, maxFrameSize));
    }

    [Fact]
    public void The_default_maximum_is_one_mebibyte()
    {
        Assert.Equal(1 << 20, new TwsFrameWriter().MaxFrameSize);
        Assert.Equal(0xFFFFFF, TwsFraming.ProtocolMaxFrameSize);
    }

    [Fact]
    public void Writing_a_frame_over_the_maximum_throws_and_writes_nothing()
    {
        var frames = new TwsFrameWriter(16);
        frames.Begin().Write(new string('x', 20));
        var destination = new ArrayBufferWriter<byte>();
        Assert.Throws<InvalidOperationException>(() => frames.CompleteTo(destination));
        Assert.Equal(0, destination.WrittenCount);
    }

    [Fact]
    public async Task The_pipe_reader_returns_each_frame_then_null_at_a_clean_end_of_stream()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Framed(TwsTestFrames.Payload("1"), TwsTestFrames.Payload("2"), TwsTestFrames.Payload("3")));
        await pipe.Writer.CompleteAsync();
        var reader = new TwsFrameReader(pipe.Reader);
        foreach (var expected in new[] { "1", "2", "3" })
        {
            var frame = await reader.ReadFrameAsync();
            Assert.NotNull(frame);
            Assert.Equal(TwsTestFrames.Payload(expected), frame.Value.ToArray());
        }

        Assert.Null(await reader.ReadFrameAsync());
    }

    [Fact]
    public async Task The_pipe_reader_assembles_frames_delivered_one_byte_at_a_time()
    {
        var pipe = new Pipe();
        var bytes = Framed(TwsTestFrames.Payload("11", "6", "1", "4", "187.25", "100", "0"), TwsTestFrames.Payload("9", "1", "7"));
        var reader = new TwsFrameReader(pipe.Reader);
        var writing = Task.Run(async () =>
        {
            foreach (var b in bytes)
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }

            await pipe.Writer.CompleteAsync();
        });
        var first = await reader.ReadFrameAsync();
        Assert.Equal(TwsTestFrames.Payload("11", "6", "1", "4", "187.25", "100", "0"), first!.Value.ToArray());
        var second = await reader.ReadFrameAsync();
        Assert.Equal(TwsTestFrames.Payload("9", "1", "7"), second!.Value.ToArray());
        Assert.Null(await reader.ReadFrameAsync());
        await writing;
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_is_a_protocol_error()
    {
        var pipe = new Pipe();
        var bytes = Framed(TwsTestFrames.Payload("1", "2", "3"));
        await pipe.Writer.WriteAsync(bytes.AsMemory(0, bytes.Length - 2));
        await pipe.Writer.CompleteAsync();
        var reader = new TwsFrameReader(pipe.Reader);
        await Assert.ThrowsAsync<TwsProtocolException>(async () => await reader.ReadFrameAsync());
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_length_prefix_is_a_protocol_error()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0 });
        await pipe.Writer.CompleteAsync();
        await Assert.ThrowsAsync<TwsProtocolException>(async () => await new TwsFrameReader(pipe.Reader).ReadFrameAsync());
    }

    [Fact]
    public async Task An_oversized_length_is_rejected_as_soon_as_the_header_arrives_without_waiting_for_the_payload()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Header(TwsFraming.ProtocolMaxFrameSize));
        var reader = new TwsFrameReader(pipe.Reader);
        var read = reader.ReadFrameAsync().AsTask();
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(read, finished);
        await Assert.ThrowsAsync<TwsProtocolException>(() => read);
    }

    [Fact]
    public async Task A_frame_larger_than_a_pipe_segment_is_returned_contiguous()
    {
        var payload = new byte[20_000];
        for (var i = 0; i < payload.Length; i++)
            payload[i] = (byte)('a' + (i % 26));
        payload[^1] = 0;
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 512, pauseWriterThreshold: 1 << 16, resumeWriterThreshold: 1 << 15));
        var bytes = Framed(payload, TwsTestFrames.Payload("after"));
        for (var offset = 0; offset < bytes.Length; offset += 700)
            await pipe.Writer.WriteAsync(bytes.AsMemory(offset, Math.Min(700, bytes.Length - offset)));
        await pipe.Writer.CompleteAsync();
        var reader = new TwsFrameReader(pipe.Reader);
        Assert.Equal(payload, (await reader.ReadFrameAsync())!.Value.ToArray());
        Assert.Equal(TwsTestFrames.Payload("after"), (await reader.ReadFrameAsync())!.Value.ToArray());
        Assert.Null(await reader.ReadFrameAsync());
    }
}
