using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Core.Ports;

/// <summary>One fact for the journal. The engine commits batches of these before it acts.</summary>
public abstract record JournalRecord;

/// <summary>The trading state changed (table <c>state_transitions</c>; the latest row is the current state).</summary>
public sealed record StateChangedRecord(TradingStatus Previous, TradingStatus Next) : JournalRecord;

/// <summary>An order intent arrived and was decided (table <c>order_intents</c>; insert, key unique).</summary>
public sealed record IntentRecordedRecord(IntentRecord Intent) : JournalRecord;

/// <summary>An intent's outcome changed, e.g. the broker order id became known (update by key).</summary>
public sealed record IntentUpdatedRecord(string IdempotencyKey, IntentOutcome Outcome, long? BrokerOrderId, string? Rule, string? Message) : JournalRecord;

/// <summary>An order was opened or changed (table <c>orders</c>; upsert by broker order id).</summary>
public sealed record OrderRecordedRecord(WorkingOrder Order) : JournalRecord;

/// <summary>An execution (table <c>fills</c>; insert, duplicates by exec id ignored).</summary>
public sealed record FillRecordedRecord(Fill Fill) : JournalRecord;

/// <summary>A round trip closed (table <c>closed_trades</c>).</summary>
public sealed record TradeClosedRecord(ClosedTrade Trade) : JournalRecord;

/// <summary>A person did something, or tried to (table <c>audit</c>).</summary>
public sealed record AuditRecordedRecord(AuditEntry Entry) : JournalRecord;

/// <summary>Positions as seen at a moment (table <c>position_snapshots</c>).</summary>
/// <param name="Time">When.</param>
/// <param name="Source"><c>broker</c> or <c>journal</c>.</param>
/// <param name="Positions">The positions.</param>
public sealed record PositionsSnapshotRecord(DateTimeOffset Time, string Source, IReadOnlyList<BrokerPosition> Positions) : JournalRecord;

/// <summary>A small piece of engine state by key (table <c>settings</c>; upsert), e.g. paused strategies, the high-water mark.</summary>
public sealed record SettingRecord(string Key, string Value) : JournalRecord;

/// <summary>An alert was raised (table <c>alerts</c>).</summary>
public sealed record AlertRecordedRecord(Alert Alert) : JournalRecord;

/// <summary>The outbox: what became of an alert's delivery (update of table <c>alerts</c> by id).</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="Status"><c>delivered</c> (at least one channel took it) or <c>failed</c> (every channel gave up).</param>
/// <param name="Channels">The channels that took it, comma-separated.</param>
/// <param name="Attempts">Delivery attempts made.</param>
/// <param name="DeliveredAt">When it was delivered, or null.</param>
public sealed record AlertDeliveredRecord(string AlertId, string Status, string Channels, int Attempts, DateTimeOffset? DeliveredAt) : JournalRecord;

/// <summary>An incident was opened or changed (table <c>incidents</c>; upsert by id, the whole incident with its timeline).</summary>
public sealed record IncidentRecordedRecord(Incidents.Incident Incident) : JournalRecord;

/// <summary>What became of an order intent.</summary>
public enum IntentOutcome
{
    /// <summary>Accepted by the pre-flight checks and journaled; about to be sent.</summary>
    Pending,

    /// <summary>Handed to the broker.</summary>
    Sent,

    /// <summary>Refused by a pre-flight rule (never sent).</summary>
    Rejected,

    /// <summary>Sending failed (broker unreachable); never reached the broker.</summary>
    Failed,
}

/// <summary>An order intent as journaled.</summary>
public sealed record IntentRecord(
    string IdempotencyKey,
    string OrderRef,
    OrderIntent Intent,
    DateTimeOffset CreatedAt,
    IntentOutcome Outcome,
    long? BrokerOrderId,
    string? RejectRule,
    string? RejectMessage);

/// <summary>One audited action.</summary>
/// <param name="Time">When.</param>
/// <param name="Transport"><c>telegram</c>, <c>discord</c>, <c>web</c>, <c>api</c> or <c>system</c>.</param>
/// <param name="UserId">Numeric user id on that transport (<c>web</c> for the token holder).</param>
/// <param name="Role">The role the user had, or <c>unknown</c>.</param>
/// <param name="Command">The command, e.g. <c>/halt</c>.</param>
/// <param name="Arguments">Its arguments as typed.</param>
/// <param name="Outcome"><c>ok</c>, <c>refused</c>, <c>denied</c>, <c>error</c>, <c>pending-confirmation</c>.</param>
/// <param name="Detail">What happened, in words.</param>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Transport,
    string UserId,
    string Role,
    string Command,
    string Arguments,
    string Outcome,
    string Detail);

/// <summary>What the journal holds, for rebuilding the engine's state.</summary>
/// <param name="Status">The last persisted trading status, or null for a new journal.</param>
/// <param name="Intents">Order intents (all of them with their outcomes), oldest first.</param>
/// <param name="Orders">Orders whose last known status is working.</param>
/// <param name="Fills">Every fill, in the order they were journaled.</param>
/// <param name="Settings">Engine settings by key.</param>
/// <param name="Incidents">Unresolved incidents and those resolved in the last 30 days.</param>
public sealed record JournalRecovery(
    TradingStatus? Status,
    IReadOnlyList<IntentRecord> Intents,
    IReadOnlyList<WorkingOrder> Orders,
    IReadOnlyList<Fill> Fills,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<Incidents.Incident>? Incidents = null);
