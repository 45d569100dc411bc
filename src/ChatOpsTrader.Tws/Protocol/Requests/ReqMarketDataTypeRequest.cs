namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqMarketDataType (59): 1 live, 2 frozen, 3 delayed, 4 delayed-frozen.</summary>
public sealed record ReqMarketDataTypeRequest(int MarketDataType) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqMarketDataType;
}
