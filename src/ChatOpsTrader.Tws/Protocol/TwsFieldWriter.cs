using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Writes NUL-terminated fields to an <see cref="IBufferWriter{T}"/>: invariant culture, booleans as <c>1</c>/<c>0</c>,
/// strings as UTF-8. Nothing here allocates except what the buffer writer itself does.
/// </summary>
public readonly struct TwsFieldWriter
{
    private const int MaxNumberBytes = 64;
    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    public TwsFieldWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes raw field bytes (must not contain NUL) and the terminator.</summary>
    public void WriteUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Contains((byte)0))
            throw new ArgumentException("A field cannot contain a NUL byte.", nameof(utf8));
        var span = _output.GetSpan(utf8.Length + 1);
        utf8.CopyTo(span);
        span[utf8.Length] = 0;
        _output.Advance(utf8.Length + 1);
    }

    /// <summary>Writes the empty field.</summary>
    public void WriteEmpty()
    {
        _output.GetSpan(1)[0] = 0;
        _output.Advance(1);
    }

    /// <summary>Writes a string (null as empty). Throws <see cref="ArgumentException"/> if it contains NUL.</summary>
    public void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            WriteEmpty();
            return;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("A field cannot contain a NUL character.", nameof(value));
        var length = Encoding.UTF8.GetByteCount(value);
        var span = _output.GetSpan(length + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[length] = 0;
        _output.Advance(length + 1);
    }

    /// <summary>Writes an int.</summary>
    public void Write(int value)
    {
        var span = _output.GetSpan(MaxNumberBytes);
        Utf8Formatter.TryFormat(value, span, out var written);
        Terminate(span, written);
    }

    /// <summary>Writes a long.</summary>
    public void Write(long value)
    {
        var span = _output.GetSpan(MaxNumberBytes);
        Utf8Formatter.TryFormat(value, span, out var written);
        Terminate(span, written);
    }

    /// <summary>Writes <c>1</c> or <c>0</c>.</summary>
    public void Write(bool value)
    {
        var span = _output.GetSpan(2);
        span[0] = value ? (byte)'1' : (byte)'0';
        Terminate(span, 1);
    }

    /// <summary>Writes a decimal in plain notation (never an exponent), e.g. <c>187.25</c>.</summary>
    public void Write(decimal value)
    {
        var span = _output.GetSpan(MaxNumberBytes);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        Terminate(span, written);
    }

    /// <summary>Writes a double, shortest round-trip form; infinities and NaN are rejected.</summary>
    public void Write(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite doubles can be sent.");
        var span = _output.GetSpan(MaxNumberBytes);
        value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
        Terminate(span, written);
    }

    /// <summary>Writes the value, or the empty field for null (the client-side "unset").</summary>
    public void WriteOrEmpty(int? value)
    {
        if (value is { } v)
            Write(v);
        else
            WriteEmpty();
    }

    /// <summary>Writes the value, or the empty field for null (the client-side "unset").</summary>
    public void WriteOrEmpty(decimal? value)
    {
        if (value is { } v)
            Write(v);
        else
            WriteEmpty();
    }

    /// <summary>Writes the value, or <c>2147483647</c> for null (TWS's "unset").</summary>
    public void WriteOrUnsetInt(int? value) => Write(value ?? TwsUnset.Int);

    /// <summary>Writes the value, or <c>1.7976931348623157E308</c> for null (TWS's "unset" double).</summary>
    public void WriteOrUnsetDouble(decimal? value)
    {
        if (value is { } v)
            Write(v);
        else
            WriteUtf8(TwsUnset.DoubleUtf8);
    }

    private void Terminate(Span<byte> span, int written)
    {
        span[written] = 0;
        _output.Advance(written + 1);
    }
}
