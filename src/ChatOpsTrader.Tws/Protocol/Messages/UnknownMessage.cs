namespace ChatOpsTrader.Tws.Protocol;

/// <summary>A message id this decoder does not know; its fields are not read. Not an error: TWS adds messages over time.</summary>
public sealed record UnknownMessage(int Id) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => Id;
}
