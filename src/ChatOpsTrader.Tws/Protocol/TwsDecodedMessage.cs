namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// What <see cref="TwsMessageDecoder.Decode"/> returns: a tick held by value (so the tick path allocates nothing), or
/// any other message as a <see cref="TwsMessage"/> record (<see cref="UnknownMessage"/> for ids we do not know).
/// </summary>
public readonly struct TwsDecodedMessage
{
    private readonly TickPriceMessage _tickPrice;
    private readonly TickSizeMessage _tickSize;

    /// <summary>Wraps a non-tick message.</summary>
    public TwsDecodedMessage(TwsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Message = message;
        MessageId = message.MessageId;
    }

    /// <summary>Wraps a tickPrice.</summary>
    public TwsDecodedMessage(TickPriceMessage tick)
    {
        _tickPrice = tick;
        MessageId = TwsIncomingMessageId.TickPrice;
    }

    /// <summary>Wraps a tickSize.</summary>
    public TwsDecodedMessage(TickSizeMessage tick)
    {
        _tickSize = tick;
        MessageId = TwsIncomingMessageId.TickSize;
    }

    /// <summary>The message id (an unknown one for <see cref="UnknownMessage"/>).</summary>
    public int MessageId { get; }

    /// <summary>The message, or null for a tick.</summary>
    public TwsMessage? Message { get; }

    /// <summary>True for tickPrice and tickSize.</summary>
    public bool IsTick => Message is null && MessageId is TwsIncomingMessageId.TickPrice or TwsIncomingMessageId.TickSize;

    /// <summary>The tickPrice, if this is one.</summary>
    public bool TryGetTickPrice(out TickPriceMessage tick)
    {
        tick = _tickPrice;
        return Message is null && MessageId == TwsIncomingMessageId.TickPrice;
    }

    /// <summary>The tickSize, if this is one.</summary>
    public bool TryGetTickSize(out TickSizeMessage tick)
    {
        tick = _tickSize;
        return Message is null && MessageId == TwsIncomingMessageId.TickSize;
    }

    /// <summary>The message as an object (boxes a tick): for logging and tests, not the hot path.</summary>
    public object ToObject() =>
        Message ?? (MessageId == TwsIncomingMessageId.TickPrice ? _tickPrice : (object)_tickSize);

    /// <inheritdoc/>
    public override string ToString() => ToObject().ToString() ?? string.Empty;
}
