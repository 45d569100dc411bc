namespace ChatOpsTrader.Tws.Protocol;

/// <summary>marketDataType (58): 1 live, 2 frozen, 3 delayed, 4 delayed-frozen.</summary>
public sealed record MarketDataTypeMessage(int ReqId, int MarketDataType) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.MarketDataType;
}
