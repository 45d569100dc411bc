namespace ChatOpsTrader.Tws.Protocol;

/// <summary>currentTime (49): TWS's clock, in epoch seconds.</summary>
public sealed record CurrentTimeMessage(long EpochSeconds) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.CurrentTime;
}
