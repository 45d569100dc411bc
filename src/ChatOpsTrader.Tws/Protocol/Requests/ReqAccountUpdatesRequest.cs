namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqAccountUpdates (6): one account at a time.</summary>
public sealed record ReqAccountUpdatesRequest(bool Subscribe, string AccountCode) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqAccountUpdates;
}
