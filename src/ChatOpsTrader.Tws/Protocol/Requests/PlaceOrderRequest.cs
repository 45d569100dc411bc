namespace ChatOpsTrader.Tws.Protocol;

/// <summary>placeOrder (3): a new order, or a modification when the id is still open. Transmit false holds it in TWS (bracket parents).</summary>
public sealed record PlaceOrderRequest(int OrderId, TwsContract Contract, TwsOrder Order, bool Transmit = true) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.PlaceOrder;
}
