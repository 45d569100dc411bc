using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>One item of a session's send queue: a message, a tick, a pre-built payload, or the order to close.</summary>
internal readonly record struct TwsOutgoing
{
    public TwsMessage? Message { get; init; }

    public TickPriceMessage? TickPrice { get; init; }

    public TickSizeMessage? TickSize { get; init; }

    /// <summary>A payload built field by field (messages the protocol layer has no typed encoder for).</summary>
    public byte[]? Payload { get; init; }

    /// <summary>Flush what came before, then close the connection.</summary>
    public bool Close { get; init; }
}
