namespace ChatOpsTrader.Tws.Protocol;

/// <summary>accountSummary (63): one tag of one account.</summary>
public sealed record AccountSummaryMessage(int ReqId, string Account, string Tag, string Value, string Currency) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.AccountSummary;
}
