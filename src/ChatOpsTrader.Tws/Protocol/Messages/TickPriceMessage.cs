namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// tickPrice (1): a price tick (0 bidSize, 1 bid, 2 ask, 3 askSize, 4 last, 5 lastSize, 6 high, 7 low, 8 volume,
/// 9 close). A struct: decoding it allocates nothing. Price and size are null when unset; TWS sends −1 for "no price".
/// </summary>
public readonly record struct TickPriceMessage(int ReqId, int TickType, decimal? Price, decimal? Size, int AttrMask)
{
    /// <summary>attrMask bit 0.</summary>
    public bool CanAutoExecute => (AttrMask & 1) != 0;

    /// <summary>attrMask bit 1.</summary>
    public bool PastLimit => (AttrMask & 2) != 0;

    /// <summary>attrMask bit 2.</summary>
    public bool PreOpen => (AttrMask & 4) != 0;
}
