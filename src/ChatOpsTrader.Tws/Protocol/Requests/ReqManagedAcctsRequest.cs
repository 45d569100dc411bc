namespace ChatOpsTrader.Tws.Protocol;

/// <summary>reqManagedAccts (17): the reply is managedAccounts.</summary>
public sealed record ReqManagedAcctsRequest : TwsRequest
{
    /// <summary>The one instance (the message has no fields of its own).</summary>
    public static ReqManagedAcctsRequest Instance { get; } = new();

    /// <inheritdoc/>
    public override int MessageId => TwsOutgoingMessageId.ReqManagedAccts;
}
