namespace ChatOpsTrader.Tws.Client;

/// <summary>What a TWS <c>error</c> message means for us (see <see cref="TwsErrorCodes.Classify"/>).</summary>
public enum TwsErrorKind
{
    /// <summary>Anything else: told to a person as a notice.</summary>
    Notice,

    /// <summary>The order is dead: TWS refused it (201, 103, 110, 200, 321, 434, 435…).</summary>
    OrderRejected,

    /// <summary>A warning about a live order (399, 404, 2109, 2137…): the order still works.</summary>
    OrderWarning,

    /// <summary>202: the cancel was confirmed (not a rejection; orderStatus Cancelled comes too).</summary>
    CancelConfirmed,

    /// <summary>A cancel or modify could not be done (10147, 10148, 161, 135, 104, 105).</summary>
    CancelOrModifyFailed,

    /// <summary>1100: TWS lost its connection to IB.</summary>
    ConnectivityLost,

    /// <summary>1101: restored, market data lost (resubscribe).</summary>
    ConnectivityRestoredDataLost,

    /// <summary>1102: restored, market data kept.</summary>
    ConnectivityRestoredDataKept,

    /// <summary>Data farm status (2103–2158).</summary>
    FarmStatus,

    /// <summary>326: client id in use (TWS closes the socket).</summary>
    ClientIdInUse,

    /// <summary>100: pacing exceeded (our pacer must prevent it).</summary>
    Pacing,

    /// <summary>Market data subscription problems (354, 10089, 10090, 10167, 10168, 10197…).</summary>
    MarketData,
}
