namespace ChatOpsTrader.Tws.Protocol;

/// <summary>cancelOrder (4). ExtOperator and ManualOrderIndicator exist on the wire from server version 192.</summary>
public sealed record CancelOrderRequest(int OrderId, string ManualOrderCancelTime = "", string ExtOperator = "", int? ManualOrderIndicator = null) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.CancelOrder;
}
