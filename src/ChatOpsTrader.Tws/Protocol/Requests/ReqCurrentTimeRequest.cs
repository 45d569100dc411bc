namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqCurrentTime (49): the reply is currentTime; doubles as a connection ping.</summary>
public sealed record ReqCurrentTimeRequest : TwsRequest
{
    /// <summary>The one instance (the message has no fields of its own).</summary>
    public static ReqCurrentTimeRequest Instance { get; } = new();

    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqCurrentTime;
}
