using System.Buffers;
using System.Diagnostics;
using System.Text;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Protocol;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Tws;

/// <summary>
/// Random and mutated frames against both decoders and the framing: the only exception allowed is
/// <see cref="TwsProtocolException"/>, every case finishes, and no case allocates more than a small multiple of its
/// own size. Seeded, so a failure reproduces; the failing case's bytes are in the message.
/// </summary>
public class TwsDecoderFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 100_000;
    private const int Seed = 20261121;

    private static readonly string[] Tokens =
    [
        "", "0", "1", "-1", "2", "8", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "99999999999999999999",
        "1.7976931348623157E308", "1.7976931348623157E+308", "1e400", "-1e-400", "NaN", "Infinity", "-Infinity", "0.5", "187.25",
        "1.2345678E7", "abc", "true", "BAG", "PEG BENCH", "PEG BEST", "IBKRATS", "LMT", "Adaptive", "1000000", "\\u00e9", "é€", ".",
        "-", "+", "E", "1..2", "0x10",
    ];

    private static readonly int[] Ids =
    [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 15, 16, 17, 49, 53, 55, 58, 59, 61, 62, 63, 64, 71, 92, 93, 94, 0, -1, 81, 200, 201,
    ];

    private static List<byte[]> Corpus()
    {
        var corpus = new List<byte[]>();
        foreach (var version in new[] { 176, 178, 193, 194 })
        {
            corpus.AddRange(TwsMessageCodecTests.Samples().Select(m => TwsTestFrames.Encode(m, version)));
            corpus.AddRange(TwsRequestCodecTests.Samples().Select(r => TwsTestFrames.Encode(r, version)));
            corpus.Add(TwsTestFrames.Encode(new TickPriceMessage(5, 1, 187.25m, 300, 3), version));
            corpus.Add(TwsTestFrames.Encode(new TickSizeMessage(5, 8, 1234), version));
        }

        corpus.Add(TwsTestFrames.Payload([.. TwsMessageCodecTests.OpenOrderFields178()]));
        corpus.Add(TwsTestFrames.Payload([.. TwsRequestCodecTests.PlainOrderFields178()]));
        return corpus;
    }

    private static byte[] RandomFields(Random random)
    {
        var fields = new List<string> { Ids[random.Next(Ids.Length)].ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var count = random.Next(0, 160);
        for (var i = 0; i < count; i++)
            fields.Add(Tokens[random.Next(Tokens.Length)]);
        return TwsTestFrames.Payload([.. fields]);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        const string alphabet = "0123456789-.E\0\0\0\0aZ+ \xff";
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = random.Next(8) == 0 ? (byte)random.Next(256) : (byte)alphabet[random.Next(alphabet.Length)];
        return bytes;
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var fields = Encoding.UTF8.GetString(original).Split('\0').ToList();
        fields.RemoveAt(fields.Count - 1);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && fields.Count > 0; m++)
        {
            var index = random.Next(fields.Count);
            switch (random.Next(6))
            {
                case 0: fields[index] = Tokens[random.Next(Tokens.Length)]; break;
                case 1: fields.RemoveAt(index); break;
                case 2: fields.Insert(index, Tokens[random.Next(Tokens.Length)]); break;
                case 3: fields.Insert(index, fields[index]); break;
                case 4: fields.RemoveRange(index, fields.Count - index); break;
                default: fields[index] = Tokens[random.Next(Tokens.Length)] + fields[index]; break;
            }
        }

        var bytes = TwsTestFrames.Payload([.. fields]);
        return random.Next(4) switch
        {
            0 when bytes.Length > 0 => bytes[..random.Next(bytes.Length)], // cut anywhere, even inside a field
            1 when bytes.Length > 0 => FlipByte(bytes, random),
            _ => bytes,
        };
    }

    private static byte[] FlipByte(byte[] bytes, Random random)
    {
        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        return bytes;
    }

    [Fact]
    public async Task Random_and_mutated_frames_never_crash_hang_or_balloon_either_decoder()
    {
        var run = Task.Run(Run);
        var report = await run.WaitAsync(TimeSpan.FromSeconds(120));
        output.WriteLine(report);
    }

    private static string Run()
    {
        var random = new Random(Seed);
        var corpus = Corpus();
        var clock = Stopwatch.StartNew();
        long worstCaseTicks = 0;
        long worstAllocationRatio = 0;
        var decoded = 0;
        var rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            var payload = random.Next(10) switch
            {
                0 => RandomBytes(random),
                1 or 2 => RandomFields(random),
                _ => Mutate(corpus[random.Next(corpus.Count)], random),
            };
            var version = random.Next(TwsServerVersions.MinSupported, TwsServerVersions.MaxSupported + 1);
            var started = Stopwatch.GetTimestamp();
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var serverSide in new[] { false, true })
            {
                try
                {
                    if (serverSide)
                        TwsRequestDecoder.Decode(payload, version);
                    else
                        TwsMessageDecoder.Decode(payload, version);
                    decoded++;
                }
                catch (TwsProtocolException)
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    throw new Xunit.Sdk.XunitException(
                        $"Case {i} ({(serverSide ? "server" : "client")} decoder, version {version}) threw {ex.GetType().Name}: {ex.Message}\n" +
                        $"payload: {Convert.ToHexString(payload)}");
                }
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Strings are at most 2 bytes a payload byte, plus records and at most two exceptions with their text.
            var budget = 64 * 1024 + (8L * payload.Length);
            Assert.True(allocated <= budget, $"Case {i} allocated {allocated} bytes for a {payload.Length}-byte payload.");
            worstAllocationRatio = Math.Max(worstAllocationRatio, allocated);
            worstCaseTicks = Math.Max(worstCaseTicks, Stopwatch.GetTimestamp() - started);
        }

        var worstCase = Stopwatch.GetElapsedTime(0, worstCaseTicks);
        Assert.True(worstCase < TimeSpan.FromSeconds(1), $"One case took {worstCase}.");
        return $"{Cases} cases in {clock.Elapsed.TotalSeconds:F1} s: {decoded} decodes, {rejected} protocol errors; " +
            $"slowest case {worstCase.TotalMilliseconds:F2} ms, most allocated by one case {worstAllocationRatio} bytes.";
    }

    [Fact]
    public void Random_byte_streams_never_crash_the_framing_or_buffer_past_the_maximum()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0 && bytes.Length >= 4)
                bytes[0] = 0; // often a plausible length
            var sequence = TwsTestFrames.Segmented(bytes, random.Next(1, 8));
            try
            {
                while (TwsFraming.TryReadFrame(ref sequence, 32, out var payload))
                    Assert.True(payload.Length <= 32);
            }
            catch (TwsProtocolException)
            {
            }

            try
            {
                var span = (ReadOnlySpan<byte>)bytes;
                while (TwsFraming.TryReadFrame(span, 32, out var payload, out var consumed))
                {
                    Assert.True(payload.Length <= 32);
                    span = span[consumed..];
                }
            }
            catch (TwsProtocolException)
            {
            }

            var hello = new ReadOnlySequence<byte>(random.Next(2) == 0 ? [.. "API\0"u8, .. bytes] : bytes);
            try
            {
                TwsHandshake.TryReadClientHello(ref hello, out _);
            }
            catch (TwsProtocolException)
            {
            }
        }
    }
}
