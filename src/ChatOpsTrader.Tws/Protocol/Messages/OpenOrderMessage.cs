namespace ChatOpsTrader.Tws.Protocol;

/// <summary>openOrder (5): the fields of an open order we use; the other ~130 are skipped.</summary>
public sealed record OpenOrderMessage(int OrderId, TwsContract Contract, TwsOrder Order, int ClientId, long PermId, string Status, string WarningText = "") : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.OpenOrder;
}
