namespace ChatOpsTrader.Tws;

/// <summary>
/// The <c>Tws</c> configuration section: where TWS / IB Gateway listens, who we are, and the timeouts and pacing of the
/// client. Defaults suit a paper TWS on this machine (127.0.0.1:7497, client id 1).
/// </summary>
public sealed class TwsOptions
{
    /// <summary>TWS paper trading port.</summary>
    public const int TwsPaperPort = 7497;

    /// <summary>TWS live trading port.</summary>
    public const int TwsLivePort = 7496;

    /// <summary>IB Gateway paper trading port.</summary>
    public const int GatewayPaperPort = 4002;

    /// <summary>IB Gateway live trading port.</summary>
    public const int GatewayLivePort = 4001;

    /// <summary>Host of TWS / IB Gateway (<c>Tws__Host</c>).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>API port (<c>Tws__Port</c>): 7497 paper / 7496 live for TWS, 4002 / 4001 for IB Gateway.</summary>
    public int Port { get; set; } = TwsPaperPort;

    /// <summary>Our API client id (<c>Tws__ClientId</c>); orders we place carry it. Must not be used by another client.</summary>
    public int ClientId { get; set; } = 1;

    /// <summary>
    /// The account we trade (<c>Tws__Account</c>), e.g. <c>DU1234567</c> (paper) or <c>U1234567</c> (live). When set,
    /// a session whose managed accounts do not include it is refused; when empty, the login must manage one account.
    /// </summary>
    public string Account { get; set; } = string.Empty;

    /// <summary>Time allowed for the TCP connection to be accepted.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for the server's handshake reply.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed, after startApi, for managedAccounts and nextValidId.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for a request's answer (positions, open orders, executions, account values, ping).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a fill waits for its commissionReport before it is delivered with commission 0.</summary>
    public TimeSpan CommissionWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How far back of the last execution we saw the resync asks TWS for executions (its clock and ours differ; the
    /// engine drops executions it already has by execId).
    /// </summary>
    public TimeSpan ExecutionResyncMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry after a lost connection or a failed attempt; doubled per failure.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of the retry delay while nothing listens (a refused connection costs nothing to retry).</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the retry delay when something answers but the session cannot start (API off, timeouts).</summary>
    public TimeSpan ReconnectSlowDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retry delay after error 326 (client id in use): TWS is not hammered with the same id.</summary>
    public TimeSpan ClientIdInUseRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the account watchdog asks for every client's open orders (reqAllOpenOrders), so orders placed by other
    /// API clients are seen even though TWS only streams them to its master API client. Zero turns the poll off (set
    /// TWS's "Master API client ID" to <see cref="ClientId"/> and the orders stream by themselves).
    /// </summary>
    public TimeSpan OpenOrdersPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often account values (net liquidation, excess liquidity, maintenance margin) are asked for and handed to
    /// the engine's margin watch, besides after every (re)connect (default 30 s; 0 turns it off).
    /// </summary>
    public TimeSpan AccountValuesInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often an idle-looking session is pinged with reqCurrentTime (default 10 s; 0 turns it off). No answer within
    /// <see cref="RequestTimeout"/> means TWS hangs on an open socket: the connection is dropped and the supervisor
    /// reconnects, so a silent TWS is never taken for a live one.
    /// </summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Ordinary requests per second (token bucket rate and sliding-window cap).</summary>
    public int PacingNormalPerSecond { get; set; } = 40;

    /// <summary>All messages per second, cancels included (TWS's limit is 50).</summary>
    public int PacingTotalPerSecond { get; set; } = 45;

    /// <summary>Market data type requested at connect: 1 live, 2 frozen, 3 delayed, 4 delayed-frozen.</summary>
    public int MarketDataType { get; set; } = 1;

    /// <summary>Routing exchange of the stock contracts we trade and quote.</summary>
    public string Exchange { get; set; } = "SMART";

    /// <summary>Currency of the stock contracts we trade and quote.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Time in force of the orders we place.</summary>
    public string TimeInForce { get; set; } = "DAY";

    /// <summary>"host:port" for messages.</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>A copy of every setting, pointed at another endpoint and account (e.g. the embedded simulator).</summary>
    public TwsOptions WithEndpoint(string host, int port, string account)
    {
        var copy = (TwsOptions)MemberwiseClone();
        copy.Host = host;
        copy.Port = port;
        copy.Account = account;
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
            throw new ArgumentException("Tws:Host is required.");
        if (Port is < 1 or > 65535)
            throw new ArgumentException($"Tws:Port must be 1..65535 (got {Port}).");
        if (ClientId < 0)
            throw new ArgumentException($"Tws:ClientId must be 0 or more (got {ClientId}).");
        if (Account.Any(c => !char.IsAsciiLetterOrDigit(c)))
            throw new ArgumentException($"Tws:Account must be letters and digits (got '{Account}').");
        foreach (var (name, value) in new[]
                 {
                     ("ConnectTimeout", ConnectTimeout), ("HandshakeTimeout", HandshakeTimeout), ("ReadyTimeout", ReadyTimeout),
                     ("RequestTimeout", RequestTimeout), ("ReconnectInitialDelay", ReconnectInitialDelay), ("ReconnectMaxDelay", ReconnectMaxDelay),
                     ("ReconnectSlowDelay", ReconnectSlowDelay), ("ClientIdInUseRetryDelay", ClientIdInUseRetryDelay),
                 })
        {
            if (value <= TimeSpan.Zero)
                throw new ArgumentException($"Tws:{name} must be positive (got {value}).");
        }

        if (PingInterval < TimeSpan.Zero)
            throw new ArgumentException("Tws:PingInterval must not be negative (0 turns it off).");
        if (AccountValuesInterval < TimeSpan.Zero)
            throw new ArgumentException("Tws:AccountValuesInterval must not be negative (0 turns it off).");
        if (OpenOrdersPollInterval < TimeSpan.Zero)
            throw new ArgumentException("Tws:OpenOrdersPollInterval must not be negative (0 turns the poll off).");
        if (CommissionWait < TimeSpan.Zero || ExecutionResyncMargin < TimeSpan.Zero)
            throw new ArgumentException("Tws:CommissionWait and Tws:ExecutionResyncMargin must not be negative.");
        if (PacingNormalPerSecond < 1 || PacingTotalPerSecond < PacingNormalPerSecond || PacingTotalPerSecond >= 50)
            throw new ArgumentException($"Tws pacing must satisfy 1 <= normal ({PacingNormalPerSecond}) <= total ({PacingTotalPerSecond}) < 50.");
        if (MarketDataType is < 1 or > 4)
            throw new ArgumentException($"Tws:MarketDataType must be 1..4 (got {MarketDataType}).");
    }
}
