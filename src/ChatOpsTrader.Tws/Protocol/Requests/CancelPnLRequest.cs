namespace ChatOpsTrader.Tws.Protocol;

/// <summary>cancelPnL (93).</summary>
public sealed record CancelPnLRequest(int ReqId) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.CancelPnL;
}
