namespace ChatOpsTrader.Tws.Protocol;

/// <summary>A client → TWS message: written by <see cref="TwsRequestEncoder"/>, read back by the server side's <see cref="TwsRequestDecoder"/>.</summary>
public abstract record TwsRequest
{
    /// <summary>The message id (field 0).</summary>
    public abstract int MessageId { get; }
}
