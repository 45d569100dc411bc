namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// A TWS → client message other than a tick: decoded by <see cref="TwsMessageDecoder"/>, written by the server side's
/// <see cref="TwsMessageEncoder"/>. Ticks are the structs <see cref="TickPriceMessage"/> and <see cref="TickSizeMessage"/>.
/// </summary>
public abstract record TwsMessage
{
    /// <summary>The message id (field 0).</summary>
    public abstract int MessageId { get; }
}
