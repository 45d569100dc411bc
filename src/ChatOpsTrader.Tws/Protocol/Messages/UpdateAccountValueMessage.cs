namespace ChatOpsTrader.Tws.Protocol;

/// <summary>updateAccountValue (6): one key of the account subscribed with reqAccountUpdates.</summary>
public sealed record UpdateAccountValueMessage(string Key, string Value, string Currency, string Account) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.UpdateAccountValue;
}
