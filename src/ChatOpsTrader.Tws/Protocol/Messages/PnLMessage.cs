namespace ChatOpsTrader.Tws.Protocol;

/// <summary>pnl (94): about once a second per subscription; unset values are null.</summary>
public sealed record PnLMessage(int ReqId, decimal? DailyPnL, decimal? UnrealizedPnL, decimal? RealizedPnL) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.PnL;
}
