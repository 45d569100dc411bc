namespace ChatOpsTrader.Tws.Protocol;

/// <summary>error (4): errors, warnings and farm-status notices. Id is the request or order id, −1 for system-wide. ErrorTime (epoch ms) exists from server version 194; \uXXXX escapes in the text are decoded.</summary>
public sealed record ErrorMessage(int Id, int Code, string Message, string AdvancedOrderRejectJson = "", long? ErrorTime = null) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.Error;
}
