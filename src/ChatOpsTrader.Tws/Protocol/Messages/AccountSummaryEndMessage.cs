namespace ChatOpsTrader.Tws.Protocol;

/// <summary>accountSummaryEnd (64).</summary>
public sealed record AccountSummaryEndMessage(int ReqId) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.AccountSummaryEnd;
}
