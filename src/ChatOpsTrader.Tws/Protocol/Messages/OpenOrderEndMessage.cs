namespace ChatOpsTrader.Tws.Protocol;

/// <summary>openOrderEnd (53): the answer to reqOpenOrders / reqAllOpenOrders is complete.</summary>
public sealed record OpenOrderEndMessage : TwsMessage
{
    /// <summary>The one instance (the message has no fields of its own).</summary>
    public static OpenOrderEndMessage Instance { get; } = new();

    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.OpenOrderEnd;
}
