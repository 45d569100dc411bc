namespace ChatOpsTrader.Tws.Protocol;

/// <summary>startApi (71): the first message after the handshake.</summary>
public sealed record StartApiRequest(int ClientId, string OptionalCapabilities = "") : TwsRequest
{
    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.StartApi;
}
