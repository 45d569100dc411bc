using System.Collections.Frozen;

namespace ChatOpsTrader.Tws.Client;

/// <summary>
/// Pure: TWS error codes (docs/tws-protocol.md §5), what each means for the bot, and the plain-language text we show a
/// person. TWS's own message is kept after ours because it often carries the detail (e.g. the reject reason of 201).
/// </summary>
public static class TwsErrorCodes
{
    /// <summary>Pacing exceeded.</summary>
    public const int Pacing = 100;

    /// <summary>Duplicate order id.</summary>
    public const int DuplicateOrderId = 103;

    /// <summary>Order rejected, reason in the text.</summary>
    public const int OrderRejected = 201;

    /// <summary>Order cancelled (confirmation of a cancel).</summary>
    public const int OrderCancelled = 202;

    /// <summary>Client id already in use.</summary>
    public const int ClientIdInUse = 326;

    /// <summary>Connectivity between TWS and IB lost.</summary>
    public const int ConnectivityLost = 1100;

    /// <summary>Connectivity restored, data lost.</summary>
    public const int ConnectivityRestoredDataLost = 1101;

    /// <summary>Connectivity restored, data maintained.</summary>
    public const int ConnectivityRestoredDataKept = 1102;

    /// <summary>Cancel target not found.</summary>
    public const int CancelTargetNotFound = 10147;

    private static readonly FrozenDictionary<int, string> Texts = new Dictionary<int, string>
    {
        [100] = "TWS says we sent more than 50 messages in a second (pacing); it may disconnect us",
        [103] = "order rejected: duplicate order id (an id this client already used)",
        [104] = "cannot modify a filled order",
        [105] = "the modification does not match the original order",
        [110] = "order rejected: the price is not a multiple of the contract's minimum tick",
        [135] = "TWS cannot find the order",
        [161] = "the order is not in a state that can be cancelled",
        [200] = "order rejected: no security definition found for the contract (unknown symbol or exchange)",
        [201] = "order rejected by IB",
        [202] = "order cancelled",
        [321] = "the request failed validation (for example the API is in read-only mode)",
        [326] = "this client id is already in use by another API connection",
        [354] = "no market data subscription for this contract",
        [399] = "order warning from TWS (the order stays working)",
        [404] = "shares are not available to short: the order is held",
        [434] = "order rejected: the order size is zero",
        [435] = "order rejected: an account must be specified (the login manages several accounts)",
        [502] = "could not connect to TWS",
        [504] = "not connected to TWS",
        [1100] = "TWS lost its connection to IB",
        [1101] = "TWS reconnected to IB; market data was lost and is requested again",
        [1102] = "TWS reconnected to IB; market data was kept",
        [1300] = "TWS reset its socket port; the connection was dropped",
        [2103] = "market data farm connection is broken",
        [2104] = "market data farm connection is OK",
        [2105] = "historical data farm connection is broken",
        [2106] = "historical data farm connection is OK",
        [2107] = "historical data farm connection is inactive (normal when unused)",
        [2108] = "market data farm connection is inactive (normal when unused)",
        [2109] = "the outside-regular-hours flag was ignored for this order",
        [2110] = "TWS lost its connection to IB's servers",
        [2119] = "market data farm is connecting",
        [2137] = "warning: this order crosses one of your own orders on the other side",
        [2157] = "security definition farm connection is broken",
        [2158] = "security definition farm connection is OK",
        [10089] = "market data requires an additional subscription",
        [10090] = "part of the requested market data is not subscribed",
        [10147] = "cancel failed: TWS does not know this order (already filled, cancelled, or never placed)",
        [10148] = "cancel failed: the order cannot be cancelled in its current state (for example already filled)",
        [10167] = "delayed market data is shown (no live subscription)",
        [10168] = "market data is not subscribed; delayed data is not enabled either",
        [10197] = "no market data: a competing live session uses it",
    }.ToFrozenDictionary();

    /// <summary>What the code means for the bot.</summary>
    public static TwsErrorKind Classify(int code) => code switch
    {
        OrderCancelled => TwsErrorKind.CancelConfirmed,
        103 or 110 or 200 or 201 or 203 or 321 or 434 or 435 => TwsErrorKind.OrderRejected,
        399 or 404 or 2109 or 2137 => TwsErrorKind.OrderWarning,
        104 or 105 or 135 or 161 or 10147 or 10148 => TwsErrorKind.CancelOrModifyFailed,
        ConnectivityLost or 2110 => TwsErrorKind.ConnectivityLost,
        ConnectivityRestoredDataLost => TwsErrorKind.ConnectivityRestoredDataLost,
        ConnectivityRestoredDataKept => TwsErrorKind.ConnectivityRestoredDataKept,
        ClientIdInUse => TwsErrorKind.ClientIdInUse,
        Pacing => TwsErrorKind.Pacing,
        354 or 10089 or 10090 or 10167 or 10168 or 10197 => TwsErrorKind.MarketData,
        >= 2103 and <= 2158 => TwsErrorKind.FarmStatus,
        _ => TwsErrorKind.Notice,
    };

    /// <summary>True for the order codes that end the order (it will not work at the broker).</summary>
    public static bool IsOrderRejection(int code) => Classify(code) == TwsErrorKind.OrderRejected;

    /// <summary>Our plain-language text for a code, or null when we have none.</summary>
    public static string? Meaning(int code) => Texts.GetValueOrDefault(code);

    /// <summary>
    /// "plain meaning (TWS: original text)", or the original text with its code when we have no meaning of our own.
    /// </summary>
    public static string Describe(int code, string? twsText)
    {
        var original = string.IsNullOrWhiteSpace(twsText) ? null : twsText.Trim();
        return Meaning(code) switch
        {
            { } meaning when original is not null => $"{meaning} (TWS {code}: {original})",
            { } meaning => $"{meaning} (TWS {code})",
            null when original is not null => $"TWS {code}: {original}",
            _ => $"TWS error {code}",
        };
    }
}
