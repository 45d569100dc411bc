namespace ChatOpsTrader.Tws.Protocol;

/// <summary>cancelAccountSummary (63).</summary>
public sealed record CancelAccountSummaryRequest(int ReqId) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.CancelAccountSummary;
}
