namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqAutoOpenOrders (15): client id 0 only; binds manual TWS orders to this client.</summary>
public sealed record ReqAutoOpenOrdersRequest(bool AutoBind) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqAutoOpenOrders;
}
