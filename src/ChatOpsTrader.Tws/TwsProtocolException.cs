namespace ChatOpsTrader.Tws;

/// <summary>The peer sent something that breaks the TWS protocol (bad frame, bad field). The connection must be dropped.</summary>
public sealed class TwsProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TwsProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TwsProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TwsProtocolException()
    {
    }
}
