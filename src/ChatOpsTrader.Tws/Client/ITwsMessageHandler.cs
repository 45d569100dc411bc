using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tws.Client;

/// <summary>Receives every decoded message of a <see cref="TwsConnection"/>, on its read loop, in arrival order.</summary>
public interface ITwsMessageHandler
{
    /// <summary>One decoded message. Must not block: the read loop waits for it.</summary>
    void OnMessage(in TwsDecodedMessage message);
}
