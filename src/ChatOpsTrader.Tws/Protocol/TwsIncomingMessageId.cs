namespace ChatOpsTrader.Tws.Protocol;

/// <summary>Ids of messages TWS sends to a client (field 0 of the frame).</summary>
public static class TwsIncomingMessageId
{
    /// <summary>tickPrice.</summary>
    public const int TickPrice = 1;

    /// <summary>tickSize.</summary>
    public const int TickSize = 2;

    /// <summary>orderStatus.</summary>
    public const int OrderStatus = 3;

    /// <summary>error (also info and warnings).</summary>
    public const int Error = 4;

    /// <summary>openOrder.</summary>
    public const int OpenOrder = 5;

    /// <summary>updateAccountValue.</summary>
    public const int UpdateAccountValue = 6;

    /// <summary>nextValidId.</summary>
    public const int NextValidId = 9;

    /// <summary>execDetails.</summary>
    public const int ExecDetails = 11;

    /// <summary>managedAccounts.</summary>
    public const int ManagedAccounts = 15;

    /// <summary>currentTime.</summary>
    public const int CurrentTime = 49;

    /// <summary>openOrderEnd.</summary>
    public const int OpenOrderEnd = 53;

    /// <summary>execDetailsEnd.</summary>
    public const int ExecDetailsEnd = 55;

    /// <summary>marketDataType.</summary>
    public const int MarketDataType = 58;

    /// <summary>commissionReport.</summary>
    public const int CommissionReport = 59;

    /// <summary>position.</summary>
    public const int Position = 61;

    /// <summary>positionEnd.</summary>
    public const int PositionEnd = 62;

    /// <summary>accountSummary.</summary>
    public const int AccountSummary = 63;

    /// <summary>accountSummaryEnd.</summary>
    public const int AccountSummaryEnd = 64;

    /// <summary>pnl.</summary>
    public const int PnL = 94;
}
