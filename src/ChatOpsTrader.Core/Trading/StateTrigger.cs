namespace ChatOpsTrader.Core.Trading;

/// <summary>What put the account into its current state.</summary>
public enum StateTrigger
{
    /// <summary>Initial state of a new journal.</summary>
    None,

    /// <summary>A person: <c>/halt</c>, the web Halt button.</summary>
    Manual,

    /// <summary>Emergency flatten: cancel all, close everything, end halted.</summary>
    Flatten,

    /// <summary>Too many orders or messages in a window, or repeated identical orders.</summary>
    Runaway,

    /// <summary>Drawdown from the equity high-water mark exceeded the breaker.</summary>
    Drawdown,

    /// <summary>A daily or weekly loss limit was breached.</summary>
    LossLimit,

    /// <summary>Reconciliation found a position nobody ordered: possible unauthorized access.</summary>
    UnknownPosition,

    /// <summary>Market data stale or missing for a traded symbol.</summary>
    DataFeed,

    /// <summary>The journal could not be written or read.</summary>
    Storage,

    /// <summary>A person lifted a halt (staged resume).</summary>
    Resume,

    /// <summary>Automatic progress through the staged resume, or a daily reset ending a day-long restriction.</summary>
    Schedule,

    /// <summary>The margin cushion fell below its critical level (the broker may liquidate).</summary>
    Margin,
}
