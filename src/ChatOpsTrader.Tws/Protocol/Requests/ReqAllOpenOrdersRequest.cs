namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqAllOpenOrders (16): every API client's open orders, then openOrderEnd.</summary>
public sealed record ReqAllOpenOrdersRequest : TwsRequest
{
    /// <summary>The one instance (the message has no fields of its own).</summary>
    public static ReqAllOpenOrdersRequest Instance { get; } = new();

    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqAllOpenOrders;
}
