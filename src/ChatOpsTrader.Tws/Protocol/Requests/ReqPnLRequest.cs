namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqPnL (92): pnl about once a second.</summary>
public sealed record ReqPnLRequest(int ReqId, string Account, string ModelCode = "") : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqPnL;
}
