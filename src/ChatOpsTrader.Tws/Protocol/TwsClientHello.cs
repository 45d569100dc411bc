namespace ChatOpsTrader.Tws.Protocol;

/// <summary>The client's half of the handshake: the version range it speaks and its connect options (e.g. <c>+PACEAPI</c>, or empty).</summary>
public sealed record TwsClientHello(int MinVersion, int MaxVersion, string ConnectOptions);
