using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// The connection handshake. Client first: <c>API\0</c>, then a frame holding ASCII <c>v&lt;min&gt;..&lt;max&gt;</c>
/// (<c>v&lt;n&gt;</c> if equal), optionally a space and connect options, no NUL. The server answers with one ordinary
/// frame of two fields: serverVersion and connectionTime.
/// </summary>
public static class TwsHandshake
{
    /// <summary>The largest client hello a server accepts; a real one is under 40 bytes.</summary>
    public const int MaxClientHelloSize = 1024;

    private const int MaxVersionValue = 1_000_000;

    /// <summary>The 4 bytes a client sends before its version frame.</summary>
    public static ReadOnlySpan<byte> Prefix => "API\0"u8;

    /// <summary>Writes <c>API\0</c> and the version frame, e.g. <c>v176..178</c> or <c>v176..178 +PACEAPI</c>.</summary>
    public static void WriteClientHello(IBufferWriter<byte> destination, int minVersion, int maxVersion, string? connectOptions = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(minVersion, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVersion, minVersion);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxVersion, MaxVersionValue);
        if (connectOptions is not null && (!Ascii.IsValid(connectOptions) || connectOptions.Any(char.IsControl)))
            throw new ArgumentException("Connect options must be printable ASCII.", nameof(connectOptions));

        var text = minVersion == maxVersion ? $"v{minVersion}" : $"v{minVersion}..{maxVersion}";
        if (!string.IsNullOrWhiteSpace(connectOptions))
            text += " " + connectOptions.Trim();
        var length = Encoding.ASCII.GetByteCount(text);
        var span = destination.GetSpan(Prefix.Length + TwsFraming.HeaderSize + length);
        Prefix.CopyTo(span);
        BinaryPrimitives.WriteInt32BigEndian(span[Prefix.Length..], length);
        Encoding.ASCII.GetBytes(text, span[(Prefix.Length + TwsFraming.HeaderSize)..]);
        destination.Advance(Prefix.Length + TwsFraming.HeaderSize + length);
    }

    /// <summary>
    /// Server side: takes the client hello off the front of <paramref name="buffer"/>. Returns false while incomplete;
    /// throws <see cref="TwsProtocolException"/> for a wrong prefix, a frame over <see cref="MaxClientHelloSize"/>, or a
    /// version text that does not parse.
    /// </summary>
    public static bool TryReadClientHello(ref ReadOnlySequence<byte> buffer, out TwsClientHello hello)
    {
        hello = null!;
        var prefixBytes = (int)Math.Min(buffer.Length, Prefix.Length);
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, prefixBytes).CopyTo(prefix);
        if (!prefix[..prefixBytes].SequenceEqual(Prefix[..prefixBytes]))
            throw new TwsProtocolException("The client did not start with the API\\0 prefix.");
        if (prefixBytes < Prefix.Length)
            return false;

        var rest = buffer.Slice(Prefix.Length);
        if (!TwsFraming.TryReadFrame(ref rest, MaxClientHelloSize, out var payload))
            return false;
        hello = ParseClientHello(payload.ToArray());
        buffer = rest;
        return true;
    }

    /// <summary>Server side: reads the client hello from a pipe; throws <see cref="TwsProtocolException"/> if the stream ends first.</summary>
    public static async ValueTask<TwsClientHello> ReadClientHelloAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool found;
            TwsClientHello hello;
            try
            {
                found = TryReadClientHello(ref buffer, out hello);
            }
            catch
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            if (found)
            {
                reader.AdvanceTo(buffer.Start);
                return hello;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
                throw new TwsProtocolException("The stream ended before the client hello was complete.");
            if (result.IsCanceled)
                throw new OperationCanceledException("The handshake read was cancelled through the PipeReader.");
        }
    }

    /// <summary>
    /// Parses the version text tolerantly: surrounding whitespace is ignored (the official C# client sends
    /// <c>"v100..218 "</c>), and anything after the range and a space is taken as connect options
    /// (<c>v176..178 +PACEAPI</c>).
    /// </summary>
    public static TwsClientHello ParseClientHello(ReadOnlySpan<byte> payload)
    {
        var text = payload.Trim(" \t\r\n"u8);
        if (text.IsEmpty || text[0] != (byte)'v')
            throw Bad(payload);
        var index = 1;
        var min = ParseVersion(text, ref index, payload);
        var max = min;
        if (text[index..].StartsWith(".."u8))
        {
            index += 2;
            max = ParseVersion(text, ref index, payload);
        }

        var options = string.Empty;
        if (index < text.Length)
        {
            if (text[index] is not ((byte)' ' or (byte)'\t'))
                throw Bad(payload);
            var raw = text[index..].Trim(" \t"u8);
            if (!Ascii.IsValid(raw) || raw.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
                throw Bad(payload);
            options = Encoding.ASCII.GetString(raw);
        }

        if (min > max)
            throw new TwsProtocolException($"Client version range v{min}..{max} is empty.");
        return new TwsClientHello(min, max, options);
    }

    /// <summary>
    /// The simulator's choice: the client's max capped at <paramref name="serverMax"/>, or null if that falls below
    /// the client's min or <paramref name="serverMin"/> (the server then closes the connection).
    /// </summary>
    public static int? NegotiateServerVersion(TwsClientHello hello, int serverMin = TwsServerVersions.MinSupported, int serverMax = TwsServerVersions.ClientMax)
    {
        ArgumentNullException.ThrowIfNull(hello);
        var version = Math.Min(hello.MaxVersion, serverMax);
        return version < hello.MinVersion || version < serverMin ? null : version;
    }

    /// <summary>Writes the server's reply as one frame: serverVersion, connectionTime.</summary>
    public static void WriteServerHello(TwsFrameWriter frames, IBufferWriter<byte> destination, TwsServerHello hello)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(hello);
        var fields = frames.Begin();
        fields.Write(hello.ServerVersion);
        fields.Write(hello.ConnectionTime);
        frames.CompleteTo(destination);
    }

    /// <summary>Client side: parses the server's reply frame.</summary>
    public static TwsServerHello ParseServerHello(ReadOnlySpan<byte> payload)
    {
        var reader = new TwsFieldReader(payload);
        var version = reader.ReadInt();
        if (version <= 0)
            throw new TwsProtocolException($"Server version {version} is not a version.");
        return new TwsServerHello(version, reader.ReadString());
    }

    /// <summary>
    /// Client side: the server must have chosen a version within what we advertised; anything else means we would
    /// misread its messages, so the connection must be dropped (ib_async does the same).
    /// </summary>
    public static void EnsureAcceptable(TwsServerHello hello, int clientMin = TwsServerVersions.ClientMin, int clientMax = TwsServerVersions.ClientMax)
    {
        ArgumentNullException.ThrowIfNull(hello);
        if (hello.ServerVersion < clientMin || hello.ServerVersion > clientMax)
            throw new TwsProtocolException($"Server chose version {hello.ServerVersion}, outside our range {clientMin}..{clientMax}.");
    }

    private static int ParseVersion(ReadOnlySpan<byte> text, ref int index, ReadOnlySpan<byte> payload)
    {
        var start = index;
        long value = 0;
        while (index < text.Length && text[index] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (text[index] - '0');
            if (value > MaxVersionValue)
                throw Bad(payload);
            index++;
        }

        if (index == start || value == 0)
            throw Bad(payload);
        return (int)value;
    }

    private static TwsProtocolException Bad(ReadOnlySpan<byte> payload)
    {
        var shown = payload.Length > 40 ? payload[..40] : payload;
        var text = new StringBuilder();
        foreach (var b in shown)
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        return new TwsProtocolException($"Client hello \"{text}\" is not v<min>[..<max>] [options].");
    }
}
