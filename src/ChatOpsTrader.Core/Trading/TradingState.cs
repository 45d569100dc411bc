namespace ChatOpsTrader.Core.Trading;

/// <summary>The trading state of the account. Persisted; survives restarts; every transition is audited.</summary>
public enum TradingState
{
    /// <summary>Normal trading: every pre-flight check applies at full size.</summary>
    Active,

    /// <summary>Closing only: orders that reduce a position are allowed, new risk is refused. Working orders stay.</summary>
    Reducing,

    /// <summary>Kill switch: no new orders at all, every working order cancelled. Only a person lifts it.</summary>
    Halted,

    /// <summary>First stage after a halt: entries allowed at a small fraction of the normal size.</summary>
    Restricted,

    /// <summary>Second stage after a halt: entries allowed at a reduced size.</summary>
    Cautious,
}
