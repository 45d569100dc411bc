namespace ChatOpsTrader.Core.Reconciliation;

/// <summary>What differs between our journal and the broker.</summary>
public enum ReconciliationKind
{
    /// <summary>A broker execution we never applied: the fill happened but was not recorded.</summary>
    MissingExecution,

    /// <summary>We show a larger position than the broker: likely a recorded order that did not fill.</summary>
    SystemMore,

    /// <summary>We show a smaller position than the broker, not explained by missing executions.</summary>
    SystemLess,

    /// <summary>We show no position, the broker has one that none of our orders explain: possible unauthorized access.</summary>
    UnknownPosition,

    /// <summary>Quantities match, the average cost differs beyond the tolerance.</summary>
    PriceDifferent,

    /// <summary>An order working in our book is not open at the broker.</summary>
    OrderMissingAtBroker,

    /// <summary>A working broker order not placed through ChatOpsTrader and not yet in our book.</summary>
    ExternalOrder,

    /// <summary>
    /// A working broker order we do not track as working: ours by its <c>COT-</c> reference but absent from our
    /// book, or in our book but closed there.
    /// </summary>
    UntrackedOrder,
}

/// <summary>What the engine does about a <see cref="ReconciliationItem"/> (the broker is the truth).</summary>
public enum ReconciliationAction
{
    /// <summary>Apply <see cref="ReconciliationItem.Execution"/> to the position book and journal it.</summary>
    RecordMissingFill,

    /// <summary>Adopt the broker's quantity and average cost (<c>PositionBook.Adopt</c>), with an audit row and an alert.</summary>
    AdoptBrokerQuantity,

    /// <summary>
    /// Halt trading and escalate as possible unauthorized access; then adopt the broker's quantity so limits and
    /// flatten see the position. A person verifies in TWS before anything else.
    /// </summary>
    HaltAndEscalate,

    /// <summary>Adopt the broker's average cost for the same quantity.</summary>
    AdoptBrokerPrice,

    /// <summary>Mark our order closed (fills, if any, are reconciled from executions).</summary>
    MarkOrderClosed,

    /// <summary>Record <see cref="ReconciliationItem.Order"/> in our book as an external order.</summary>
    RecordExternalOrder,

    /// <summary>Record <see cref="ReconciliationItem.Order"/> in our book as working, with the broker's status.</summary>
    RecordOrder,
}

/// <summary>Helpers for <see cref="ReconciliationKind"/>.</summary>
public static class ReconciliationKindExtensions
{
    /// <summary>True for the kinds about a position (they count in the break value).</summary>
    public static bool IsPosition(this ReconciliationKind kind) =>
        kind is ReconciliationKind.SystemMore or ReconciliationKind.SystemLess or ReconciliationKind.UnknownPosition or ReconciliationKind.PriceDifferent;

    /// <summary>True for the kinds about an order.</summary>
    public static bool IsOrder(this ReconciliationKind kind) =>
        kind is ReconciliationKind.OrderMissingAtBroker or ReconciliationKind.ExternalOrder or ReconciliationKind.UntrackedOrder;
}
