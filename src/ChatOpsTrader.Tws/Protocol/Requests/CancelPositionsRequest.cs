namespace ChatOpsTrader.Tws.Protocol;

/// <summary>cancelPositions (64): stops the position stream.</summary>
public sealed record CancelPositionsRequest : TwsRequest
{
    /// <summary>The one instance (the message has no fields of its own).</summary>
    public static CancelPositionsRequest Instance { get; } = new();

    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.CancelPositions;
}
