namespace ChatOpsTrader.Core.Orders;

/// <summary>Order types the safety core understands.</summary>
public enum OrderType
{
    /// <summary>Market: fills at the best available price.</summary>
    Market,

    /// <summary>Limit: fills at the limit price or better.</summary>
    Limit,

    /// <summary>Stop: becomes a market order when the stop price trades.</summary>
    Stop,

    /// <summary>Stop-limit: becomes a limit order when the stop price trades.</summary>
    StopLimit,
}
