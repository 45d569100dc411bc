namespace ChatOpsTrader.Tws.Protocol;

/// <summary>Ids of messages a client sends to TWS (field 0 of the frame).</summary>
public static class TwsOutgoingMessageId
{
    /// <summary>reqMktData.</summary>
    public const int ReqMktData = 1;

    /// <summary>cancelMktData.</summary>
    public const int CancelMktData = 2;

    /// <summary>placeOrder.</summary>
    public const int PlaceOrder = 3;

    /// <summary>cancelOrder.</summary>
    public const int CancelOrder = 4;

    /// <summary>reqOpenOrders.</summary>
    public const int ReqOpenOrders = 5;

    /// <summary>reqAccountUpdates.</summary>
    public const int ReqAccountUpdates = 6;

    /// <summary>reqExecutions.</summary>
    public const int ReqExecutions = 7;

    /// <summary>reqIds.</summary>
    public const int ReqIds = 8;

    /// <summary>reqAutoOpenOrders.</summary>
    public const int ReqAutoOpenOrders = 15;

    /// <summary>reqAllOpenOrders.</summary>
    public const int ReqAllOpenOrders = 16;

    /// <summary>reqManagedAccts.</summary>
    public const int ReqManagedAccts = 17;

    /// <summary>reqCurrentTime.</summary>
    public const int ReqCurrentTime = 49;

    /// <summary>reqGlobalCancel.</summary>
    public const int ReqGlobalCancel = 58;

    /// <summary>reqMarketDataType.</summary>
    public const int ReqMarketDataType = 59;

    /// <summary>reqPositions.</summary>
    public const int ReqPositions = 61;

    /// <summary>reqAccountSummary.</summary>
    public const int ReqAccountSummary = 62;

    /// <summary>cancelAccountSummary.</summary>
    public const int CancelAccountSummary = 63;

    /// <summary>cancelPositions.</summary>
    public const int CancelPositions = 64;

    /// <summary>startApi.</summary>
    public const int StartApi = 71;

    /// <summary>reqPnL.</summary>
    public const int ReqPnL = 92;

    /// <summary>cancelPnL.</summary>
    public const int CancelPnL = 93;
}
