namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqIds (8): asks for nextValidId (numIds is deprecated).</summary>
public sealed record ReqIdsRequest(int NumIds = 1) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqIds;
}
