namespace ChatOpsTrader.Tws.Protocol;

/// <summary>A request id the server-side decoder does not know; its fields are not read.</summary>
public sealed record UnknownRequest(int Id) : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => Id;
}
