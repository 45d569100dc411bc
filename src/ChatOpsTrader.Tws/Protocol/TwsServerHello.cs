namespace ChatOpsTrader.Tws.Protocol;

/// <summary>The server's reply to the handshake: the negotiated version and its connection time (<c>yyyyMMdd HH:mm:ss TZ</c>, as sent).</summary>
public sealed record TwsServerHello(int ServerVersion, string ConnectionTime);
