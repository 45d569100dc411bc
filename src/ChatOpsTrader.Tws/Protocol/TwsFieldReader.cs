using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Reads NUL-terminated fields from one frame's payload. Numbers are parsed straight from the bytes (invariant
/// culture, no string allocated); only <see cref="ReadString"/> allocates. Every malformed or missing field throws
/// <see cref="TwsProtocolException"/>.
/// </summary>
/// <remarks>
/// "Unset" is spelled several ways on the wire: the empty field (@stoqey/ib, Python), <c>2147483647</c>, or
/// <c>1.7976931348623157E308</c> / <c>…E+308</c> (Java, official C#). The <c>ReadNullable*</c> methods map all of them
/// to null. The plain <c>Read*</c> methods map the empty field to 0 / false, as the official clients do, and reject a
/// sentinel that the type cannot hold.
/// </remarks>
public ref struct TwsFieldReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;
    private int _fieldIndex;

    /// <summary>Creates a reader over a frame's payload (the bytes after the length prefix).</summary>
    public TwsFieldReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _position = 0;
        _fieldIndex = 0;
    }

    /// <summary>True while at least one more byte (hence, in a well-formed frame, one more field) remains.</summary>
    public readonly bool HasMore => _position < _payload.Length;

    /// <summary>Fields read or skipped so far.</summary>
    public readonly int FieldIndex => _fieldIndex;

    /// <summary>Bytes not read yet.</summary>
    public readonly int RemainingBytes => _payload.Length - _position;

    /// <summary>The next field's bytes, without its terminating NUL.</summary>
    public ReadOnlySpan<byte> ReadRaw()
    {
        var rest = _payload[_position..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
            ThrowMissing(rest.Length);
        _position += end + 1;
        _fieldIndex++;
        return rest[..end];
    }

    /// <summary>Skips <paramref name="count"/> fields.</summary>
    public void Skip(int count = 1)
    {
        for (var i = 0; i < count; i++)
            ReadRaw();
    }

    /// <summary>A string field; the empty field is <see cref="string.Empty"/>. Invalid UTF-8 becomes U+FFFD.</summary>
    public string ReadString()
    {
        var raw = ReadRaw();
        return raw.IsEmpty ? string.Empty : Encoding.UTF8.GetString(raw);
    }

    /// <summary>An int; empty is 0.</summary>
    public int ReadInt()
    {
        var raw = ReadRaw();
        if (raw.IsEmpty)
            return 0;
        if (!TwsNumbers.TryParseInt(raw, out var value))
            ThrowBad(raw, "an int");
        return value;
    }

    /// <summary>An int, or null if empty or <c>2147483647</c>.</summary>
    public int? ReadNullableInt()
    {
        var raw = ReadRaw();
        if (raw.IsEmpty || raw.SequenceEqual(TwsUnset.IntUtf8))
            return null;
        if (!TwsNumbers.TryParseInt(raw, out var value))
            ThrowBad(raw, "an int");
        return value;
    }

    /// <summary>A long; empty is 0.</summary>
    public long ReadLong()
    {
        var raw = ReadRaw();
        if (raw.IsEmpty)
            return 0;
        if (!TwsNumbers.TryParseLong(raw, out var value))
            ThrowBad(raw, "a long");
        return value;
    }

    /// <summary>A long, or null if empty, <c>2147483647</c> or <c>9223372036854775807</c>.</summary>
    public long? ReadNullableLong()
    {
        var raw = ReadRaw();
        if (raw.IsEmpty || raw.SequenceEqual(TwsUnset.IntUtf8) || raw.SequenceEqual(TwsUnset.LongUtf8))
            return null;
        if (!TwsNumbers.TryParseLong(raw, out var value))
            ThrowBad(raw, "a long");
        return value;
    }

    /// <summary>A decimal; empty is 0; an unset sentinel throws (it does not fit a decimal and means "no value").</summary>
    public decimal ReadDecimal()
    {
        var raw = ReadRaw();
        if (raw.IsEmpty)
            return 0m;
        if (TwsNumbers.TryParseDecimal(raw, out var value))
            return value;
        if (TwsNumbers.IsUnsetDecimal(raw))
            ThrowBad(raw, "a required decimal (it is an unset sentinel)");
        ThrowBad(raw, "a decimal");
        return 0m;
    }

    /// <summary>A decimal, or null if empty or any unset sentinel (int, long, decimal or double max, NaN, ±Infinity).</summary>
    public decimal? ReadNullableDecimal()
    {
        var raw = ReadRaw();
        if (raw.IsEmpty)
            return null;
        // Sentinels are checked first: "2147483647" would otherwise parse as a value.
        if (TwsNumbers.IsUnsetDecimal(raw))
            return null;
        if (!TwsNumbers.TryParseDecimal(raw, out var value))
            ThrowBad(raw, "a decimal");
        return value;
    }

    /// <summary>A double; empty is 0.</summary>
    public double ReadDouble()
    {
        var raw = ReadRaw();
        if (raw.IsEmpty)
            return 0d;
        if (!TwsNumbers.TryParseDouble(raw, out var value))
            ThrowBad(raw, "a double");
        return value;
    }

    /// <summary>A double, or null if empty, the unset double in either spelling, NaN or ±Infinity.</summary>
    public double? ReadNullableDouble()
    {
        var raw = ReadRaw();
        if (raw.IsEmpty || TwsNumbers.IsNonFinite(raw))
            return null;
        if (!TwsNumbers.TryParseDouble(raw, out var value))
            ThrowBad(raw, "a double");
        return value == double.MaxValue ? null : value;
    }

    /// <summary>
    /// A boolean: <c>1</c>/<c>0</c> as the protocol sends them, empty as false, any other integer as "non-zero", and
    /// <c>true</c>/<c>false</c> as some servers spell them.
    /// </summary>
    public bool ReadBool()
    {
        var raw = ReadRaw();
        if (raw.IsEmpty)
            return false;
        if (raw.Length == 1 && raw[0] is (byte)'0' or (byte)'1')
            return raw[0] == (byte)'1';
        if (TwsNumbers.TryParseLong(raw, out var number))
            return number != 0;
        if (Ascii.EqualsIgnoreCase(raw, "true"u8))
            return true;
        if (Ascii.EqualsIgnoreCase(raw, "false"u8))
            return false;
        ThrowBad(raw, "a boolean");
        return false;
    }

    /// <summary>
    /// A count of repeated groups of <paramref name="fieldsPerItem"/> fields. Rejects a negative count, or one that
    /// could not fit in the bytes left (each field takes at least its NUL), so a hostile count cannot make us loop.
    /// </summary>
    public int ReadCount(int fieldsPerItem)
    {
        var count = ReadInt();
        if (count < 0 || (long)count * fieldsPerItem > RemainingBytes)
            throw new TwsProtocolException($"Field {_fieldIndex - 1}: count {count} is negative or larger than the message.");
        return count;
    }

    [DoesNotReturn]
    private readonly void ThrowMissing(int trailingBytes) =>
        throw new TwsProtocolException(trailingBytes == 0
            ? $"Field {_fieldIndex} is missing: the message ended after {_fieldIndex} fields."
            : $"Field {_fieldIndex} is not NUL-terminated ({trailingBytes} trailing bytes).");

    [DoesNotReturn]
    private readonly void ThrowBad(ReadOnlySpan<byte> raw, string expected)
    {
        // Show at most 40 bytes of a hostile field, as escaped ASCII.
        var shown = raw.Length > 40 ? raw[..40] : raw;
        var text = new StringBuilder(shown.Length);
        foreach (var b in shown)
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        throw new TwsProtocolException($"Field {_fieldIndex - 1} is not {expected}: \"{text}\"{(raw.Length > 40 ? "…" : string.Empty)}.");
    }
}
