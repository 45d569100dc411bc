namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqGlobalCancel (58): cancels every open order, manual TWS orders included. Fields from server version 192.</summary>
public sealed record ReqGlobalCancelRequest(string ExtOperator = "", int? ManualOrderIndicator = null) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqGlobalCancel;
}
