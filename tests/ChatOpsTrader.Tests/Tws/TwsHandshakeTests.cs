using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws;

public class TwsHandshakeTests
{
    private static byte[] Hello(string text)
    {
        var body = Encoding.ASCII.GetBytes(text);
        var bytes = new byte[4 + 4 + body.Length];
        "API\0"u8.CopyTo(bytes);
        bytes[7] = (byte)body.Length;
        body.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void The_client_hello_is_API_NUL_then_a_framed_version_range_without_a_terminating_NUL()
    {
        var buffer = new ArrayBufferWriter<byte>();
        TwsHandshake.WriteClientHello(buffer, 176, 178);
        Assert.Equal(Hello("v176..178"), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_client_hello_carries_a_single_version_and_connect_options()
    {
        var single = new ArrayBufferWriter<byte>();
        TwsHandshake.WriteClientHello(single, 178, 178);
        Assert.Equal(Hello("v178"), single.WrittenSpan.ToArray());
        var options = new ArrayBufferWriter<byte>();
        TwsHandshake.WriteClientHello(options, 176, 178, "+PACEAPI");
        Assert.Equal(Hello("v176..178 +PACEAPI"), options.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("v176..178", 176, 178, "")]
    [InlineData("v100..218 ", 100, 218, "")]
    [InlineData("v176..178 +PACEAPI", 176, 178, "+PACEAPI")]
    [InlineData("v178", 178, 178, "")]
    [InlineData("  v157..178  ", 157, 178, "")]
    public void The_server_parses_client_hellos_tolerantly(string text, int min, int max, string options)
    {
        var sequence = new ReadOnlySequence<byte>(Hello(text));
        Assert.True(TwsHandshake.TryReadClientHello(ref sequence, out var hello));
        Assert.Equal(new TwsClientHello(min, max, options), hello);
        Assert.True(sequence.IsEmpty);
    }

    [Theory]
    [InlineData("")]
    [InlineData("176..178")]
    [InlineData("v")]
    [InlineData("v..178")]
    [InlineData("v176..")]
    [InlineData("v178..176")]
    [InlineData("v0")]
    [InlineData("v176..178+PACEAPI")]
    [InlineData("v99999999999")]
    [InlineData("v176,,178")]
    public void Malformed_client_hellos_are_protocol_errors(string text)
    {
        var sequence = new ReadOnlySequence<byte>(Hello(text));
        Assert.Throws<TwsProtocolException>(() => TwsHandshake.TryReadClientHello(ref sequence, out _));
    }

    [Fact]
    public void A_client_that_does_not_start_with_the_prefix_is_rejected_from_its_first_byte()
    {
        var sequence = new ReadOnlySequence<byte>("GET"u8.ToArray());
        Assert.Throws<TwsProtocolException>(() => TwsHandshake.TryReadClientHello(ref sequence, out _));
    }

    [Fact]
    public void An_incomplete_client_hello_waits_and_an_oversized_one_is_rejected()
    {
        var hello = Hello("v176..178");
        for (var length = 0; length < hello.Length; length++)
        {
            var partial = new ReadOnlySequence<byte>(hello, 0, length);
            Assert.False(TwsHandshake.TryReadClientHello(ref partial, out _));
        }

        var huge = new byte[] { (byte)'A', (byte)'P', (byte)'I', 0, 0, 0, 0x10, 0x00 };
        var sequence = new ReadOnlySequence<byte>(huge);
        Assert.Throws<TwsProtocolException>(() => TwsHandshake.TryReadClientHello(ref sequence, out _));
    }

    [Fact]
    public async Task The_server_reads_the_client_hello_from_a_pipe_and_leaves_what_follows()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Hello("v100..193 "));
        var frames = new ArrayBufferWriter<byte>();
        TwsFrameWriter.WriteFrame(frames, TwsTestFrames.Payload("71", "2", "7", ""));
        await pipe.Writer.WriteAsync(frames.WrittenMemory);
        await pipe.Writer.CompleteAsync();

        var hello = await TwsHandshake.ReadClientHelloAsync(pipe.Reader);
        Assert.Equal(new TwsClientHello(100, 193, ""), hello);
        var next = await new TwsFrameReader(pipe.Reader).ReadFrameAsync();
        Assert.Equal(TwsTestFrames.Payload("71", "2", "7", ""), next!.Value.ToArray());
    }

    [Fact]
    public async Task A_client_that_disconnects_during_the_hello_is_a_protocol_error()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Hello("v176..178").AsMemory(0, 6));
        await pipe.Writer.CompleteAsync();
        await Assert.ThrowsAsync<TwsProtocolException>(async () => await TwsHandshake.ReadClientHelloAsync(pipe.Reader));
    }

    [Fact]
    public void The_server_hello_round_trips_as_one_frame_of_two_fields()
    {
        var destination = new ArrayBufferWriter<byte>();
        TwsHandshake.WriteServerHello(new TwsFrameWriter(), destination, new TwsServerHello(178, "20161014 10:22:52 CET"));
        Assert.True(TwsFraming.TryReadFrame(destination.WrittenSpan, 1024, out var payload, out _));
        Assert.Equal(TwsTestFrames.Payload("178", "20161014 10:22:52 CET"), payload.ToArray());
        Assert.Equal(new TwsServerHello(178, "20161014 10:22:52 CET"), TwsHandshake.ParseServerHello(payload));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("abc")]
    public void A_server_hello_without_a_valid_version_is_a_protocol_error(string version)
    {
        Assert.Throws<TwsProtocolException>(() => TwsHandshake.ParseServerHello(TwsTestFrames.Payload(version, "20161014 10:22:52 CET")));
        Assert.Throws<TwsProtocolException>(() => TwsHandshake.ParseServerHello(TwsTestFrames.Payload("178")));
    }

    [Theory]
    [InlineData(100, 193, 178)]
    [InlineData(100, 218, 178)]
    [InlineData(176, 178, 178)]
    [InlineData(157, 177, 177)]
    public void The_simulator_negotiates_the_client_max_capped_at_178(int min, int max, int expected) =>
        Assert.Equal(expected, TwsHandshake.NegotiateServerVersion(new TwsClientHello(min, max, "")));

    [Theory]
    [InlineData(179, 200)]
    [InlineData(100, 170)]
    public void The_simulator_finds_no_version_for_a_client_outside_its_range(int min, int max) =>
        Assert.Null(TwsHandshake.NegotiateServerVersion(new TwsClientHello(min, max, "")));

    [Theory]
    [InlineData(175)]
    [InlineData(179)]
    [InlineData(201)]
    public void The_client_rejects_a_server_version_outside_what_it_advertised(int version)
    {
        Assert.Throws<TwsProtocolException>(() => TwsHandshake.EnsureAcceptable(new TwsServerHello(version, "")));
        TwsHandshake.EnsureAcceptable(new TwsServerHello(178, ""));
    }
}
