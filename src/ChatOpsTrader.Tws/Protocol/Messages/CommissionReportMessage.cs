namespace ChatOpsTrader.Tws.Protocol;

/// <summary>commissionReport (59): the commission of one execution; may come well after the fill. Unset values are null.</summary>
public sealed record CommissionReportMessage(string ExecId, decimal? Commission, string Currency, decimal? RealizedPnl, decimal? Yield, int? YieldRedemptionDate) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.CommissionReport;
}
