namespace ChatOpsTrader.Tws.Protocol;

/// <summary>nextValidId (9): the next order id TWS accepts from this client. Requests are safe only after it arrives.</summary>
public sealed record NextValidIdMessage(int OrderId) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.NextValidId;
}
