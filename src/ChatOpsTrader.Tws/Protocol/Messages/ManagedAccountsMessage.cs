namespace ChatOpsTrader.Tws.Protocol;

/// <summary>managedAccounts (15): the accounts this login can trade, comma separated as sent.</summary>
public sealed record ManagedAccountsMessage(string AccountsList) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.ManagedAccounts;

    /// <summary>The accounts, without empty entries or surrounding spaces.</summary>
    public IReadOnlyList<string> GetAccounts() =>
        AccountsList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
