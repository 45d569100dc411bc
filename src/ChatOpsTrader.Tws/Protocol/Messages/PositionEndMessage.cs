namespace ChatOpsTrader.Tws.Protocol;

/// <summary>positionEnd (62): the initial positions are complete (updates keep coming).</summary>
public sealed record PositionEndMessage : TwsMessage
{
    /// <summary>The one instance (the message has no fields of its own).</summary>
    public static PositionEndMessage Instance { get; } = new();

    /// <inheritdoc/>
    public override int MessageId => TwsIncomingMessageId.PositionEnd;
}
