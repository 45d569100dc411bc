namespace ChatOpsTrader.Tws.Protocol;

/// <summary>execDetailsEnd (55): the answer to reqExecutions is complete.</summary>
public sealed record ExecDetailsEndMessage(int ReqId) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.ExecDetailsEnd;
}
