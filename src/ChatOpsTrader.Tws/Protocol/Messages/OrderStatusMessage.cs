namespace ChatOpsTrader.Tws.Protocol;

/// <summary>orderStatus (3): PendingSubmit, PendingCancel, PreSubmitted, Submitted, ApiCancelled, Cancelled, Filled, Inactive. TWS may repeat it.</summary>
public sealed record OrderStatusMessage(int OrderId, string Status, decimal Filled, decimal Remaining, decimal? AvgFillPrice, long PermId, int ParentId, decimal? LastFillPrice, int ClientId, string WhyHeld, decimal? MktCapPrice) : TwsMessage
{
    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.OrderStatus;
}
