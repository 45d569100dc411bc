namespace ChatOpsTrader.Tws.Client;

/// <summary>The step at which a connection attempt failed.</summary>
public enum TwsConnectFailure
{
    /// <summary>The host refused the TCP connection: nothing listens on the port.</summary>
    Refused,

    /// <summary>The TCP connection was neither accepted nor refused in time (firewall, wrong host).</summary>
    ConnectTimeout,

    /// <summary>The host could not be reached or resolved.</summary>
    Unreachable,

    /// <summary>Something accepted the connection but never answered the API handshake.</summary>
    HandshakeTimeout,

    /// <summary>Something accepted the connection and closed it during the handshake.</summary>
    HandshakeClosed,

    /// <summary>The handshake answer was not the TWS protocol.</summary>
    HandshakeInvalid,

    /// <summary>The server chose a version outside the range we speak.</summary>
    VersionRejected,

    /// <summary>Error 326: another client uses our client id.</summary>
    ClientIdInUse,

    /// <summary>The handshake worked, but managedAccounts and nextValidId did not both arrive in time.</summary>
    ReadyTimeout,

    /// <summary>The handshake worked, then the connection closed before the session was ready.</summary>
    ClosedBeforeReady,

    /// <summary>The session is ready but does not manage the configured account.</summary>
    AccountNotManaged,
}

/// <summary>A connection attempt failed at <see cref="Failure"/>; <see cref="Exception.Message"/> says what happened.</summary>
public sealed class TwsConnectException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TwsConnectException(TwsConnectFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>Creates the exception (serialization-style constructor kept for analyzers).</summary>
    public TwsConnectException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public TwsConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TwsConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failing step.</summary>
    public TwsConnectFailure Failure { get; }

    /// <summary>The accounts TWS reported, when the failure came after managedAccounts (for the doctor).</summary>
    public IReadOnlyList<string> ManagedAccounts { get; init; } = [];
}

/// <summary>A request could not be sent or answered because the connection is not (or no longer) up.</summary>
public sealed class TwsNotConnectedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TwsNotConnectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TwsNotConnectedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public TwsNotConnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
