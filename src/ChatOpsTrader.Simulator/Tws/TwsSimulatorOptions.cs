using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>Settings of the <see cref="TwsSimulatorServer"/>. The defaults behave like a paper TWS.</summary>
public sealed record TwsSimulatorOptions
{
    /// <summary>The highest server version negotiated (the client's max is capped to it). Default 178.</summary>
    public int MaxServerVersion { get; init; } = TwsServerVersions.ClientMax;

    /// <summary>Messages a client may send in any one second; one more is answered with error 100 and a disconnect. Default 50.</summary>
    public int MaxMessagesPerSecond { get; init; } = 50;

    /// <summary>Clients connected at once (TWS allows 32); further connections are closed at once.</summary>
    public int MaxClients { get; init; } = 32;

    /// <summary>
    /// TWS's "Master API client ID": that client also receives openOrder, orderStatus and execDetails of every other
    /// client's orders (and of manual orders). Null: none.
    /// </summary>
    public int? MasterClientId { get; init; }

    /// <summary>How often pnl is sent to reqPnL subscribers. Default 1 s.</summary>
    public TimeSpan PnLInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often account values are re-sent to reqAccountSummary / reqAccountUpdates subscribers. Default 3 min.</summary>
    public TimeSpan AccountUpdateInterval { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a new connection may take to send its hello. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After an error that ends a connection (326, 100), how long incoming bytes are read and discarded so the error
    /// reaches the client before the socket closes. Real time. Default 2 s.
    /// </summary>
    public TimeSpan CloseLinger { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest request frame accepted; a bigger one drops the connection. Default 1 MiB.</summary>
    public int MaxFrameSize { get; init; } = TwsFraming.DefaultMaxFrameSize;

    /// <summary>Messages queued for one client before it is dropped as too slow. Default 100,000.</summary>
    public int MaxQueuedMessages { get; init; } = 100_000;

    /// <summary>The size reported with every bid, ask and last tick (the paper exchange has no depth). Default 100.</summary>
    public decimal QuoteSize { get; init; } = 100m;

    /// <summary>The exchange named in execDetails. Default <c>PAPER</c>.</summary>
    public string ExecutionExchange { get; init; } = "PAPER";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(MaxServerVersion is >= TwsServerVersions.MinSupported and <= TwsServerVersions.MaxSupported, nameof(MaxServerVersion), $"must be {TwsServerVersions.MinSupported}..{TwsServerVersions.MaxSupported}");
        Check(MaxMessagesPerSecond is > 0 and <= 10_000_000, nameof(MaxMessagesPerSecond), "must be 1..10,000,000");
        Check(MaxClients > 0, nameof(MaxClients), "must be positive");
        Check(PnLInterval > TimeSpan.Zero, nameof(PnLInterval), "must be positive");
        Check(AccountUpdateInterval > TimeSpan.Zero, nameof(AccountUpdateInterval), "must be positive");
        Check(HandshakeTimeout > TimeSpan.Zero, nameof(HandshakeTimeout), "must be positive");
        Check(CloseLinger >= TimeSpan.Zero, nameof(CloseLinger), "must not be negative");
        Check(MaxFrameSize is > 0 and <= TwsFraming.ProtocolMaxFrameSize, nameof(MaxFrameSize), "must be 1..0xFFFFFF");
        Check(MaxQueuedMessages > 0, nameof(MaxQueuedMessages), "must be positive");
        Check(QuoteSize > 0, nameof(QuoteSize), "must be positive");
        Check(!string.IsNullOrWhiteSpace(ExecutionExchange), nameof(ExecutionExchange), "must not be empty");
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
            throw new ArgumentException($"TwsSimulator: {name} {rule}.", name);
    }
}
