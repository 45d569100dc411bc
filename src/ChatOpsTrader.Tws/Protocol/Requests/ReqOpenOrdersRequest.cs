namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqOpenOrders (5): this client id's open orders, then openOrderEnd.</summary>
public sealed record ReqOpenOrdersRequest : TwsRequest
{
    /// <summary>The one instance (the message has no fields of its own).</summary>
    public static ReqOpenOrdersRequest Instance { get; } = new();

    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqOpenOrders;
}
