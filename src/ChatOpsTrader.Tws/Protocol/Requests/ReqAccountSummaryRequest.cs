namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqAccountSummary (62): group <c>All</c>, tags a comma list or <c>$LEDGER</c>. At most 2 at once.</summary>
public sealed record ReqAccountSummaryRequest(int ReqId, string Group, string Tags) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqAccountSummary;
}
