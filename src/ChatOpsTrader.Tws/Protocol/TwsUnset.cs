namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// The "unset" spellings of the protocol. Readers treat each of them, and the empty field, as "no value"; writers on
/// the client side send the empty field (as the Java client's <c>sendMax</c> does), writers on the server side send
/// the sentinels, as TWS does.
/// </summary>
public static class TwsUnset
{
    /// <summary>Unset int (Java <c>Integer.MAX_VALUE</c>).</summary>
    public const int Int = int.MaxValue;

    /// <summary>Unset double as Java prints it; the official C# client writes <c>1.7976931348623157E+308</c>.</summary>
    public const string DoubleText = "1.7976931348623157E308";

    internal static ReadOnlySpan<byte> DoubleUtf8 => "1.7976931348623157E308"u8;

    /// <summary>The digits every spelling of the unset double starts with.</summary>
    internal static ReadOnlySpan<byte> DoubleMantissa => "1.7976931348623157"u8;

    internal static ReadOnlySpan<byte> IntUtf8 => "2147483647"u8;

    internal static ReadOnlySpan<byte> LongUtf8 => "9223372036854775807"u8;

    /// <summary>C#'s <c>decimal.MaxValue</c>, the official C# client's unset decimal.</summary>
    internal static ReadOnlySpan<byte> DecimalUtf8 => "79228162514264337593543950335"u8;
}
