namespace ChatOpsTrader.Tws.Client;

/// <summary>
/// Pure: turns the outcome of a connection attempt into the step of the connection-recovery checklist that fails
/// (runbook: TWS/Gateway running; API enabled; correct port, 7497 paper / 7496 live; one connection per client id;
/// firewall allows the connection), with a plain-language text and a short code. The probing shell is
/// <see cref="TwsConnectionProbe"/> (and the supervisor, which diagnoses every failed attempt).
/// </summary>
public static class TwsConnectionDoctor
{
    /// <summary>Checklist step: TWS / IB Gateway is running and listening.</summary>
    public const string StepRunning = "TWS/Gateway is running";

    /// <summary>Checklist step: API enabled.</summary>
    public const string StepApiEnabled = "API enabled in TWS settings";

    /// <summary>Checklist step: paper vs live port.</summary>
    public const string StepPort = "Correct port (7497/4002 paper, 7496/4001 live)";

    /// <summary>Checklist step: one connection per client id.</summary>
    public const string StepClientId = "Only one connection per client id";

    /// <summary>Checklist step: network and firewall.</summary>
    public const string StepFirewall = "Firewall allows the connection";

    /// <summary>Checklist step: logged in and session ready.</summary>
    public const string StepLoggedIn = "TWS/Gateway logged in and ready";

    /// <summary>What kind of session a port is by IB's defaults.</summary>
    public static TwsSessionKind KindOfPort(int port) => port switch
    {
        TwsOptions.TwsPaperPort or TwsOptions.GatewayPaperPort => TwsSessionKind.Paper,
        TwsOptions.TwsLivePort or TwsOptions.GatewayLivePort => TwsSessionKind.Live,
        _ => TwsSessionKind.Unknown,
    };

    /// <summary>What kind of account an id is: paper accounts start with <c>D</c> (DU…, DF…), live ones do not.</summary>
    public static TwsSessionKind KindOfAccount(string? account)
    {
        if (string.IsNullOrWhiteSpace(account))
            return TwsSessionKind.Unknown;
        return account.Trim().StartsWith('D') || account.Trim().StartsWith('d') ? TwsSessionKind.Paper : TwsSessionKind.Live;
    }

    /// <summary>A connection that works.</summary>
    public static TwsDiagnosis Healthy(TwsOptions options, IReadOnlyList<string> managedAccounts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(managedAccounts);
        return new TwsDiagnosis(TwsDiagnosisCodes.Ok, StepLoggedIn,
            $"Connected to TWS at {options.Endpoint} as client {options.ClientId} (accounts: {string.Join(", ", managedAccounts)}).");
    }

    /// <summary>The diagnosis of a failed attempt.</summary>
    /// <param name="options">The configuration used.</param>
    /// <param name="failure">The failing step.</param>
    /// <param name="detail">What the socket or TWS said, appended for the expert.</param>
    /// <param name="managedAccounts">The accounts TWS reported, if it got that far.</param>
    public static TwsDiagnosis Diagnose(TwsOptions options, TwsConnectFailure failure, string? detail = null, IReadOnlyList<string>? managedAccounts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.Endpoint;
        var suffix = string.IsNullOrWhiteSpace(detail) ? string.Empty : $" ({detail.Trim()})";
        var mismatch = PortMismatch(options);

        switch (failure)
        {
            case TwsConnectFailure.Refused when mismatch is not null:
                return new TwsDiagnosis(TwsDiagnosisCodes.PaperLiveMismatch, StepPort,
                    $"Nothing is listening on {endpoint}, and {mismatch} Set Tws:Port to the port of the session you mean to trade{suffix}.");
            case TwsConnectFailure.Refused:
                return new TwsDiagnosis(TwsDiagnosisCodes.NotListening, StepRunning,
                    $"Nothing is listening on {endpoint}: TWS or IB Gateway is not running, or its API port is different " +
                    $"(TWS 7497 paper / 7496 live, Gateway 4002 paper / 4001 live; see Global Configuration > API > Settings){suffix}.");
            case TwsConnectFailure.ConnectTimeout:
                return new TwsDiagnosis(TwsDiagnosisCodes.NoAnswer, StepFirewall,
                    $"{endpoint} neither accepted nor refused the connection within {Seconds(options.ConnectTimeout)}: check the host name and that a firewall allows the connection{suffix}.");
            case TwsConnectFailure.Unreachable:
                return new TwsDiagnosis(TwsDiagnosisCodes.Unreachable, StepFirewall,
                    $"{endpoint} cannot be reached: check Tws:Host and the network{suffix}.");
            case TwsConnectFailure.HandshakeTimeout:
            case TwsConnectFailure.HandshakeClosed:
                return new TwsDiagnosis(TwsDiagnosisCodes.ApiNotEnabled, StepApiEnabled,
                    $"Something listens on {endpoint} but did not complete the API handshake" +
                    (failure == TwsConnectFailure.HandshakeTimeout ? $" within {Seconds(options.HandshakeTimeout)}" : " (it closed the connection)") +
                    ": in TWS enable Global Configuration > API > Settings > \"Enable ActiveX and Socket Clients\", and add this machine to " +
                    $"\"Trusted IPs\" (or accept TWS's connection prompt){suffix}.");
            case TwsConnectFailure.HandshakeInvalid:
            case TwsConnectFailure.VersionRejected:
                return new TwsDiagnosis(TwsDiagnosisCodes.NotTws, StepPort,
                    $"The program on {endpoint} does not speak the TWS API versions we use (176-178): check that the port is TWS/IB Gateway's API port and that TWS is not too old{suffix}.");
            case TwsConnectFailure.ClientIdInUse:
                return new TwsDiagnosis(TwsDiagnosisCodes.ClientIdInUse, StepClientId,
                    $"Client id {options.ClientId} is already in use on {endpoint} (TWS error 326): another bot, or a previous run of this one, is connected with it. " +
                    $"Stop the other connection or set a different Tws:ClientId; retries are spaced {Seconds(options.ClientIdInUseRetryDelay)} apart{suffix}.");
            case TwsConnectFailure.ReadyTimeout:
                return new TwsDiagnosis(TwsDiagnosisCodes.SessionNotReady, StepLoggedIn,
                    $"TWS at {endpoint} accepted the API connection but did not send the account list and next order id within {Seconds(options.ReadyTimeout)}: " +
                    $"check that TWS is logged in and no dialog is waiting{suffix}.");
            case TwsConnectFailure.ClosedBeforeReady:
                return new TwsDiagnosis(TwsDiagnosisCodes.SessionNotReady, StepClientId,
                    $"TWS at {endpoint} closed the connection before the session was ready: usually client id {options.ClientId} is in use, or TWS is shutting down or not logged in{suffix}.");
            case TwsConnectFailure.AccountNotManaged:
                return AccountNotManaged(options, managedAccounts ?? [], suffix);
            default:
                return new TwsDiagnosis(TwsDiagnosisCodes.NotListening, StepRunning, $"Cannot connect to {endpoint}{suffix}.");
        }
    }

    /// <summary>
    /// "the configured account DU… is a paper account but 7496 is the live TWS port." when the configured account and the
    /// port's default kind disagree, else null.
    /// </summary>
    public static string? PortMismatch(TwsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var accountKind = KindOfAccount(options.Account);
        var portKind = KindOfPort(options.Port);
        if (accountKind == TwsSessionKind.Unknown || portKind == TwsSessionKind.Unknown || accountKind == portKind)
            return null;
        var product = options.Port is TwsOptions.GatewayLivePort or TwsOptions.GatewayPaperPort ? "IB Gateway" : "TWS";
        return accountKind == TwsSessionKind.Paper
            ? $"the configured account {options.Account} is a paper account but {options.Port} is the live {product} port (paper: TWS 7497, Gateway 4002)."
            : $"the configured account {options.Account} is a live account but {options.Port} is the paper {product} port (live: TWS 7496, Gateway 4001).";
    }

    private static TwsDiagnosis AccountNotManaged(TwsOptions options, IReadOnlyList<string> managed, string suffix)
    {
        var list = managed.Count == 0 ? "none" : string.Join(", ", managed);
        var wanted = KindOfAccount(options.Account);
        var sessionKinds = managed.Select(KindOfAccount).Distinct().ToList();
        if (wanted != TwsSessionKind.Unknown && sessionKinds.Count == 1 && sessionKinds[0] != wanted)
        {
            var session = sessionKinds[0] == TwsSessionKind.Paper ? "paper" : "live";
            var want = wanted == TwsSessionKind.Paper ? "paper" : "live";
            return new TwsDiagnosis(TwsDiagnosisCodes.PaperLiveMismatch, StepPort,
                $"{options.Endpoint} is a {session} session (accounts: {list}) but the configured account {options.Account} is a {want} account: " +
                $"connect to the {want} port (TWS {(want == "paper" ? "7497" : "7496")}, Gateway {(want == "paper" ? "4002" : "4001")}) or fix Tws:Account. Nothing was traded{suffix}.");
        }

        return new TwsDiagnosis(TwsDiagnosisCodes.AccountNotManaged, StepPort,
            $"The TWS login on {options.Endpoint} manages {list}, not the configured account {options.Account}: fix Tws:Account or log in with the right user. Nothing was traded{suffix}.");
    }

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString(span.TotalSeconds % 1 == 0 ? "0" : "0.0", System.Globalization.CultureInfo.InvariantCulture) + " s";
}

/// <summary>Paper or live, by IB's conventions.</summary>
public enum TwsSessionKind
{
    /// <summary>Cannot tell.</summary>
    Unknown,

    /// <summary>Paper trading.</summary>
    Paper,

    /// <summary>Live trading.</summary>
    Live,
}
