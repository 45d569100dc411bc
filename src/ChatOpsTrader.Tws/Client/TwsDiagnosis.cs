namespace ChatOpsTrader.Tws.Client;

/// <summary>
/// The connection doctor's verdict: which step of the connection checklist fails, as far as the bot can tell.
/// </summary>
/// <param name="Code">Short stable code for <c>/status</c>, alerts and logs (see <see cref="TwsDiagnosisCodes"/>).</param>
/// <param name="Step">The checklist step, e.g. "TWS/Gateway is running".</param>
/// <param name="Text">Plain-language explanation and what to do.</param>
public sealed record TwsDiagnosis(string Code, string Step, string Text)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool IsOk => Code == TwsDiagnosisCodes.Ok;

    /// <inheritdoc/>
    public override string ToString() => $"[{Code}] {Text}";
}

/// <summary>The doctor's codes.</summary>
public static class TwsDiagnosisCodes
{
    /// <summary>Connected and ready.</summary>
    public const string Ok = "ok";

    /// <summary>Connection refused: TWS/Gateway not running, or its API on another port.</summary>
    public const string NotListening = "tws-not-listening";

    /// <summary>No answer to the TCP connect (firewall, wrong host).</summary>
    public const string NoAnswer = "tws-no-answer";

    /// <summary>Host cannot be reached or resolved.</summary>
    public const string Unreachable = "tws-unreachable";

    /// <summary>Listening but the API handshake fails: API not enabled or this IP not trusted.</summary>
    public const string ApiNotEnabled = "api-not-enabled";

    /// <summary>The server speaks something else, or a version we do not.</summary>
    public const string NotTws = "not-tws-api";

    /// <summary>326: client id in use.</summary>
    public const string ClientIdInUse = "client-id-in-use";

    /// <summary>Handshake done but the session never became ready (TWS busy, a dialog open, not logged in).</summary>
    public const string SessionNotReady = "session-not-ready";

    /// <summary>Paper account on a live port or live account on a paper port.</summary>
    public const string PaperLiveMismatch = "paper-live-mismatch";

    /// <summary>The configured account is not managed by this login.</summary>
    public const string AccountNotManaged = "account-not-managed";
}
