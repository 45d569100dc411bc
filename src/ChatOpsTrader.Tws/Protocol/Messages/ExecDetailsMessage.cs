namespace ChatOpsTrader.Tws.Protocol;

/// <summary>execDetails (11): one fill. ReqId is −1 when unsolicited.</summary>
public sealed record ExecDetailsMessage(int ReqId, int OrderId, TwsContract Contract, TwsExecution Execution) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.ExecDetails;
}
