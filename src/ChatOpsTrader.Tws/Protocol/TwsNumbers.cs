using System.Buffers.Text;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>Allocation-free parsing of numeric fields, with the protocol's unset spellings recognised.</summary>
internal static class TwsNumbers
{
    private const int MaxFastDigits = 18;

    public static bool IsUnsetDouble(ReadOnlySpan<byte> field)
    {
        if (field.StartsWith(TwsUnset.DoubleMantissa))
            return Utf8Parser.TryParse(field, out double value, out var consumed) && consumed == field.Length && value == double.MaxValue;
        return IsNonFinite(field);
    }

    /// <summary>NaN and ±Infinity (Java's spellings) carry no usable value either.</summary>
    public static bool IsNonFinite(ReadOnlySpan<byte> field) =>
        field.SequenceEqual("Infinity"u8) || field.SequenceEqual("-Infinity"u8) || field.SequenceEqual("NaN"u8);

    public static bool IsUnsetDecimal(ReadOnlySpan<byte> field) =>
        field.SequenceEqual(TwsUnset.IntUtf8) || field.SequenceEqual(TwsUnset.LongUtf8) || field.SequenceEqual(TwsUnset.DecimalUtf8) || IsUnsetDouble(field);

    public static bool TryParseInt(ReadOnlySpan<byte> field, out int value) =>
        Utf8Parser.TryParse(field, out value, out var consumed) && consumed == field.Length;

    public static bool TryParseLong(ReadOnlySpan<byte> field, out long value) =>
        Utf8Parser.TryParse(field, out value, out var consumed) && consumed == field.Length;

    public static bool TryParseDouble(ReadOnlySpan<byte> field, out double value) =>
        Utf8Parser.TryParse(field, out value, out var consumed) && consumed == field.Length;

    /// <summary>
    /// Plain decimals (<c>-123.45</c>, up to 18 digits) are parsed by hand, which is several times faster than the
    /// general parser; anything else (exponents as Java prints them, <c>1.0E-4</c>, or long digit strings) falls back
    /// to <see cref="Utf8Parser"/>.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> field, out decimal value)
    {
        if (TryParsePlainDecimal(field, out value))
            return true;
        return Utf8Parser.TryParse(field, out value, out var consumed) && consumed == field.Length;
    }

    private static bool TryParsePlainDecimal(ReadOnlySpan<byte> field, out decimal value)
    {
        value = 0m;
        var index = 0;
        var negative = false;
        if (field.Length > 0 && field[0] == (byte)'-')
        {
            negative = true;
            index = 1;
        }

        long mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (; index < field.Length; index++)
        {
            var c = field[index];
            if (c == (byte)'.')
            {
                if (scale >= 0)
                    return false;
                scale = 0;
                continue;
            }

            var digit = c - (byte)'0';
            if ((uint)digit > 9 || ++digits > MaxFastDigits)
                return false;
            mantissa = (mantissa * 10) + digit;
            if (scale >= 0)
                scale++;
        }

        // "", "-", "." and "1." style edge cases go to the general parser, which decides.
        if (digits == 0 || scale == 0)
            return false;
        value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }
}
