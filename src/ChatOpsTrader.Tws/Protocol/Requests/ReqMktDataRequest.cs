namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqMktData (1): tickPrice / tickSize stream for one contract (combos and delta-neutral contracts are not supported).</summary>
public sealed record ReqMktDataRequest(int ReqId, TwsContract Contract, string GenericTickList = "", bool Snapshot = false, bool RegulatorySnapshot = false, string MktDataOptions = "") : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqMktData;
}
