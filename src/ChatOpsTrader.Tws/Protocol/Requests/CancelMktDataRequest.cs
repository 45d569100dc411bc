namespace ChatOpsTrader.Tws.Protocol;

/// <summary>cancelMktData (2).</summary>
public sealed record CancelMktDataRequest(int ReqId) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.CancelMktData;
}
