namespace ChatOpsTrader.Tws.Protocol;

/// <summary>position (61): one position of one account (no primaryExchange in its contract).</summary>
public sealed record PositionMessage(string Account, TwsContract Contract, decimal Position, decimal? AvgCost) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.Position;
}
