namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqPositions (61): position messages, positionEnd, then updates keep streaming.</summary>
public sealed record ReqPositionsRequest : TwsRequest
{
    /// <summary>The one instance (the message has no fields of its own).</summary>
    public static ReqPositionsRequest Instance { get; } = new();

    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqPositions;
}
