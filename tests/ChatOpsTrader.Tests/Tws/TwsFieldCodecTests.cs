using System.Buffers;
using System.Globalization;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws;

public class TwsFieldCodecTests
{
    private static TwsFieldReader Reader(params string[] fields) => new(TwsTestFrames.Payload(fields));

    [Theory]
    [InlineData("")]
    [InlineData("2147483647")]
    public void Empty_and_the_int_sentinel_both_read_as_an_unset_int(string field) =>
        Assert.Null(Reader(field).ReadNullableInt());

    [Theory]
    [InlineData("")]
    [InlineData("1.7976931348623157E308")]
    [InlineData("1.7976931348623157E+308")]
    [InlineData("1.7976931348623157e+308")]
    [InlineData("Infinity")]
    [InlineData("NaN")]
    public void Empty_and_every_spelling_of_the_double_sentinel_read_as_unset(string field)
    {
        Assert.Null(Reader(field).ReadNullableDouble());
        Assert.Null(Reader(field).ReadNullableDecimal());
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("9223372036854775807")]
    [InlineData("79228162514264337593543950335")]
    public void Integer_sentinels_read_as_an_unset_decimal(string field) => Assert.Null(Reader(field).ReadNullableDecimal());

    [Theory]
    [InlineData("187.25", "187.25")]
    [InlineData("-3.5", "-3.5")]
    [InlineData("100", "100")]
    [InlineData("0", "0")]
    [InlineData("1.2345678E7", "12345678")]
    [InlineData("1.0E-4", "0.0001")]
    [InlineData("0.1234567890123456789", "0.1234567890123456789")]
    [InlineData("+5", "5")]
    public void Decimals_parse_in_plain_and_exponent_notation(string field, string expected)
    {
        var value = decimal.Parse(expected, CultureInfo.InvariantCulture);
        Assert.Equal(value, Reader(field).ReadDecimal());
        Assert.Equal(value, Reader(field).ReadNullableDecimal());
    }

    [Fact]
    public void Plain_values_read_as_values_and_empty_reads_as_zero_in_the_non_nullable_readers()
    {
        var reader = Reader("42", "", "-7", "", "9000000000", "", "2.5", "");
        Assert.Equal(42, reader.ReadInt());
        Assert.Equal(0, reader.ReadInt());
        Assert.Equal(-7, reader.ReadNullableInt());
        Assert.Equal(0L, reader.ReadLong());
        Assert.Equal(9_000_000_000L, reader.ReadNullableLong());
        Assert.Null(reader.ReadNullableLong());
        Assert.Equal(2.5, reader.ReadDouble());
        Assert.Equal(0d, reader.ReadDouble());
        Assert.False(reader.HasMore);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("2", true)]
    public void Booleans_read_as_the_protocol_and_common_servers_spell_them(string field, bool expected) =>
        Assert.Equal(expected, Reader(field).ReadBool());

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData(" 1")]
    [InlineData("99999999999")]
    public void A_malformed_int_is_a_protocol_error(string field) =>
        Assert.Throws<TwsProtocolException>(() => Reader(field).ReadInt());

    [Theory]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("-")]
    [InlineData("1E99")]
    [InlineData("x")]
    public void A_malformed_or_unrepresentable_decimal_is_a_protocol_error(string field) =>
        Assert.Throws<TwsProtocolException>(() => Reader(field).ReadNullableDecimal());

    [Fact]
    public void A_sentinel_in_a_required_decimal_is_a_protocol_error() =>
        Assert.Throws<TwsProtocolException>(() => Reader("1.7976931348623157E308").ReadDecimal());

    [Fact]
    public void A_missing_field_at_the_end_is_a_protocol_error()
    {
        var ex = Assert.Throws<TwsProtocolException>(() =>
        {
            var reader = Reader("1", "2");
            reader.Skip(2);
            reader.ReadInt();
        });
        Assert.Contains("Field 2 is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unterminated_last_field_is_a_protocol_error() =>
        Assert.Throws<TwsProtocolException>(() => new TwsFieldReader("12\u000034"u8).Skip(2));

    [Fact]
    public void Strings_are_utf8_and_empty_strings_allocate_nothing()
    {
        var reader = Reader("Zürich €", "");
        Assert.Equal("Zürich €", reader.ReadString());
        Assert.Same(string.Empty, reader.ReadString());
    }

    [Fact]
    public void A_count_larger_than_the_rest_of_the_message_is_rejected_before_any_loop()
    {
        Assert.Throws<TwsProtocolException>(() => Reader("1000000", "a", "b").ReadCount(2));
        Assert.Throws<TwsProtocolException>(() => Reader("-1").ReadCount(1));
        Assert.Equal(1, Reader("1", "a", "b").ReadCount(2));
    }

    [Fact]
    public void Numbers_parse_without_allocating()
    {
        var payload = TwsTestFrames.Payload("1", "6", "42", "1", "187.25", "1.7976931348623157E308", "", "2147483647", "1", "12345678901");
        var allocated = Allocations.Fewest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var reader = new TwsFieldReader(payload);
                reader.ReadInt();
                reader.Skip();
                reader.ReadInt();
                reader.ReadNullableInt();
                reader.ReadNullableDecimal();
                reader.ReadNullableDecimal();
                reader.ReadNullableDouble();
                reader.ReadNullableInt();
                reader.ReadBool();
                reader.ReadLong();
            }
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_writer_uses_the_invariant_culture_whatever_the_current_one()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new TwsFieldWriter(buffer);
            writer.Write(1234.5m);
            writer.Write(0.25d);
            writer.Write(-12);
            writer.Write(true);
            writer.Write(false);
            writer.Write(9_000_000_000L);
            writer.WriteOrEmpty((decimal?)null);
            writer.WriteOrUnsetDouble(null);
            writer.WriteOrUnsetInt(null);
            writer.Write((string?)null);
            Assert.Equal(
                ["1234.5", "0.25", "-12", "1", "0", "9000000000", "", "1.7976931348623157E308", "2147483647", ""],
                TwsTestFrames.Fields(buffer.WrittenSpan));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void The_writer_refuses_a_string_containing_NUL_and_non_finite_doubles()
    {
        var writer = new TwsFieldWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<ArgumentException>(() => writer.Write("a\0b"));
        Assert.Throws<ArgumentException>(() => writer.WriteUtf8("a\0"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write(double.NaN));
    }

    [Fact]
    public void Error_text_escapes_round_trip_and_lone_backslashes_survive()
    {
        Assert.Equal("Ordre annul\\u00e9 \\u20ac", TwsText.EscapeUnicode("Ordre annulé €"));
        Assert.Equal("Ordre annulé €", TwsText.UnescapeUnicode("Ordre annul\\u00e9 \\u20ac"));
        Assert.Equal("C:\\user \\u12 \\uZZZZ", TwsText.UnescapeUnicode("C:\\user \\u12 \\uZZZZ"));
    }
}
