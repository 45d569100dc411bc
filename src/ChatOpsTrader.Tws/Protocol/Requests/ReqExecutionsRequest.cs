namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqExecutions (7): execDetails for matching fills, then execDetailsEnd.</summary>
public sealed record ReqExecutionsRequest(int ReqId, TwsExecutionFilter Filter) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqExecutions;
}
