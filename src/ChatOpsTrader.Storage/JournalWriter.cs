using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using Microsoft.Data.Sqlite;
using static ChatOpsTrader.Storage.SqlValues;

namespace ChatOpsTrader.Storage;

/// <summary>Writes journal records on the writer connection, one prepared statement per record kind.</summary>
internal sealed class JournalWriter : IDisposable
{
    private readonly PreparedStatement _insertTransition;
    private readonly PreparedStatement _insertIntent;
    private readonly PreparedStatement _updateIntent;
    private readonly PreparedStatement _upsertOrder;
    private readonly PreparedStatement _insertFill;
    private readonly PreparedStatement _insertTrade;
    private readonly PreparedStatement _insertAudit;
    private readonly PreparedStatement _insertSnapshot;
    private readonly PreparedStatement _insertSnapshotItem;
    private readonly PreparedStatement _upsertSetting;
    private readonly PreparedStatement _insertAlert;
    private readonly PreparedStatement _updateAlert;
    private readonly PreparedStatement _upsertIncident;
    private readonly List<PreparedStatement> _all = [];

    public JournalWriter(SqliteConnection connection)
    {
        try
        {
            _insertTransition = Prepare(connection, """
                INSERT INTO state_transitions (previous_state, previous_trigger, state, trigger, reason, actor, since,
                                               last_halt_at, last_halt_trigger, resume_to, recorded_at)
                VALUES ($previous_state, $previous_trigger, $state, $trigger, $reason, $actor, $since,
                        $last_halt_at, $last_halt_trigger, $resume_to, $recorded_at)
                """);
            _insertIntent = Prepare(connection, """
                INSERT INTO order_intents (idempotency_key, client_key, order_ref, strategy, symbol, side, quantity, type,
                                           limit_price, stop_price, take_profit, stop_loss, origin, created_at,
                                           outcome, broker_order_id, reject_rule, reject_message, updated_at)
                VALUES ($idempotency_key, $client_key, $order_ref, $strategy, $symbol, $side, $quantity, $type,
                        $limit_price, $stop_price, $take_profit, $stop_loss, $origin, $created_at,
                        $outcome, $broker_order_id, $reject_rule, $reject_message, $updated_at)
                """);
            _updateIntent = Prepare(connection, """
                UPDATE order_intents
                SET outcome = $outcome,
                    broker_order_id = COALESCE($broker_order_id, broker_order_id),
                    reject_rule = $reject_rule,
                    reject_message = $reject_message,
                    updated_at = $updated_at
                WHERE idempotency_key = $idempotency_key
                """);
            _upsertOrder = Prepare(connection, """
                INSERT INTO orders (broker_order_id, order_ref, symbol, side, quantity, type, limit_price, stop_price,
                                    parent_id, status, filled, avg_fill_price, client_id, origin, strategy, created_at, updated_at)
                VALUES ($broker_order_id, $order_ref, $symbol, $side, $quantity, $type, $limit_price, $stop_price,
                        $parent_id, $status, $filled, $avg_fill_price, $client_id, $origin, $strategy, $created_at, $updated_at)
                ON CONFLICT (broker_order_id) DO UPDATE SET
                    order_ref = excluded.order_ref, symbol = excluded.symbol, side = excluded.side,
                    quantity = excluded.quantity, type = excluded.type, limit_price = excluded.limit_price,
                    stop_price = excluded.stop_price, parent_id = excluded.parent_id, status = excluded.status,
                    filled = excluded.filled, avg_fill_price = excluded.avg_fill_price, client_id = excluded.client_id,
                    origin = excluded.origin, strategy = excluded.strategy, updated_at = excluded.updated_at
                """);
            _insertFill = Prepare(connection, """
                INSERT INTO fills (exec_id, broker_order_id, order_ref, symbol, side, quantity, price, commission,
                                   time, strategy, recorded_at)
                VALUES ($exec_id, $broker_order_id, $order_ref, $symbol, $side, $quantity, $price, $commission,
                        $time, $strategy, $recorded_at)
                ON CONFLICT (exec_id) DO NOTHING
                """);
            _insertTrade = Prepare(connection, """
                INSERT INTO closed_trades (symbol, strategy, side, quantity, entry_price, exit_price, realized_pnl,
                                           opened_at, closed_at, closing_exec_id, recorded_at)
                VALUES ($symbol, $strategy, $side, $quantity, $entry_price, $exit_price, $realized_pnl,
                        $opened_at, $closed_at, $closing_exec_id, $recorded_at)
                """);
            _insertAudit = Prepare(connection, """
                INSERT INTO audit (time, transport, user_id, role, command, arguments, outcome, detail, recorded_at)
                VALUES ($time, $transport, $user_id, $role, $command, $arguments, $outcome, $detail, $recorded_at)
                """);
            _insertSnapshot = Prepare(connection, """
                INSERT INTO position_snapshots (time, source, position_count, recorded_at)
                VALUES ($time, $source, $position_count, $recorded_at)
                RETURNING id
                """);
            _insertSnapshotItem = Prepare(connection, """
                INSERT INTO position_snapshot_items (snapshot_id, ordinal, symbol, quantity, average_cost)
                VALUES ($snapshot_id, $ordinal, $symbol, $quantity, $average_cost)
                """);
            _upsertSetting = Prepare(connection, """
                INSERT INTO settings (key, value, updated_at) VALUES ($key, $value, $updated_at)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """);
            _insertAlert = Prepare(connection, """
                INSERT INTO alerts (id, time, severity, key, title, text, first_action, status, attempts, next_attempt_at)
                VALUES ($id, $time, $severity, $key, $title, $text, $first_action, 'pending', 0, $next_attempt_at)
                """);
            _upsertIncident = Prepare(connection, """
                INSERT INTO incidents (id, type, key, severity, status, title, opened_at, acknowledged_at, resolved_at, detail, document)
                VALUES ($id, $type, $key, $severity, $status, $title, $opened_at, $acknowledged_at, $resolved_at, $detail, $document)
                ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, status = excluded.status, title = excluded.title,
                    acknowledged_at = excluded.acknowledged_at, resolved_at = excluded.resolved_at, detail = excluded.detail, document = excluded.document
                """);
            _updateAlert = Prepare(connection, """
                UPDATE alerts SET status = $status, channel = $channel, attempts = $attempts, delivered_at = $delivered_at, next_attempt_at = NULL
                WHERE id = $id
                """);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Writes one record inside <paramref name="transaction"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="transaction">The batch's transaction.</param>
    /// <param name="now">The journal's clock for <c>recorded_at</c>/<c>updated_at</c>, unix milliseconds.</param>
    public void Write(JournalRecord record, SqliteTransaction transaction, long now)
    {
        switch (record)
        {
            case StateChangedRecord r:
                WriteStateChanged(r, transaction, now);
                break;
            case IntentRecordedRecord r:
                WriteIntent(r.Intent, transaction, now);
                break;
            case IntentUpdatedRecord r:
                UpdateIntent(r, transaction, now);
                break;
            case OrderRecordedRecord r:
                WriteOrder(r, transaction, now);
                break;
            case FillRecordedRecord r:
                WriteFill(r, transaction, now);
                break;
            case TradeClosedRecord r:
                WriteTrade(r, transaction, now);
                break;
            case AuditRecordedRecord r:
                WriteAudit(r.Entry, transaction, now);
                break;
            case PositionsSnapshotRecord r:
                WriteSnapshot(r, transaction, now);
                break;
            case SettingRecord r:
                WriteSetting(r, transaction, now);
                break;
            case AlertRecordedRecord r:
                WriteAlert(r.Alert, transaction, now);
                break;
            case AlertDeliveredRecord r:
                UpdateAlert(r, transaction);
                break;
            case IncidentRecordedRecord r:
                WriteIncident(r.Incident, transaction);
                break;
            case null:
                throw new ArgumentException("the batch contains a null record");
            default:
                throw new ArgumentException($"the journal cannot store a {record.GetType().Name}");
        }
    }

    public void Dispose()
    {
        foreach (var statement in _all)
            statement.Dispose();
        _all.Clear();
    }

    private PreparedStatement Prepare(SqliteConnection connection, string sql)
    {
        var statement = new PreparedStatement(connection, sql);
        _all.Add(statement);
        return statement;
    }

    private void WriteStateChanged(StateChangedRecord r, SqliteTransaction transaction, long now)
    {
        ArgumentNullException.ThrowIfNull(r.Previous);
        ArgumentNullException.ThrowIfNull(r.Next);
        var s = _insertTransition;
        s["$previous_state"] = Name(r.Previous.State);
        s["$previous_trigger"] = Name(r.Previous.Trigger);
        s["$state"] = Name(r.Next.State);
        s["$trigger"] = Name(r.Next.Trigger);
        s["$reason"] = r.Next.Reason;
        s["$actor"] = r.Next.Actor;
        s["$since"] = Millis(r.Next.Since);
        s["$last_halt_at"] = Millis(r.Next.LastHaltAt);
        s["$last_halt_trigger"] = Name(r.Next.LastHaltTrigger);
        s["$resume_to"] = Name(r.Next.ResumeTo);
        s["$recorded_at"] = now;
        s.Execute(transaction);
    }

    private void WriteIntent(IntentRecord intent, SqliteTransaction transaction, long now)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(intent.Intent);
        var i = intent.Intent;
        var s = _insertIntent;
        s["$idempotency_key"] = intent.IdempotencyKey;
        s["$client_key"] = i.IdempotencyKey;
        s["$order_ref"] = intent.OrderRef;
        s["$strategy"] = i.Strategy;
        s["$symbol"] = i.Symbol;
        s["$side"] = Name(i.Side);
        s["$quantity"] = Text(i.Quantity);
        s["$type"] = Name(i.Type);
        s["$limit_price"] = Text(i.LimitPrice);
        s["$stop_price"] = Text(i.StopPrice);
        s["$take_profit"] = Text(i.TakeProfit);
        s["$stop_loss"] = Text(i.StopLoss);
        s["$origin"] = Name(i.Origin);
        s["$created_at"] = Millis(intent.CreatedAt);
        s["$outcome"] = Name(intent.Outcome);
        s["$broker_order_id"] = Nullable(intent.BrokerOrderId);
        s["$reject_rule"] = Nullable(intent.RejectRule);
        s["$reject_message"] = Nullable(intent.RejectMessage);
        s["$updated_at"] = now;
        s.Execute(transaction);
    }

    private void UpdateIntent(IntentUpdatedRecord r, SqliteTransaction transaction, long now)
    {
        var s = _updateIntent;
        s["$idempotency_key"] = r.IdempotencyKey;
        s["$outcome"] = Name(r.Outcome);
        s["$broker_order_id"] = Nullable(r.BrokerOrderId);
        s["$reject_rule"] = Nullable(r.Rule);
        s["$reject_message"] = Nullable(r.Message);
        s["$updated_at"] = now;
        if (s.Execute(transaction) != 1)
            throw new InvalidOperationException($"no order intent with idempotency key '{r.IdempotencyKey}' to update");
    }

    private void WriteOrder(OrderRecordedRecord r, SqliteTransaction transaction, long now)
    {
        ArgumentNullException.ThrowIfNull(r.Order);
        ArgumentNullException.ThrowIfNull(r.Order.Order);
        var o = r.Order.Order;
        var s = _upsertOrder;
        s["$broker_order_id"] = o.BrokerOrderId;
        s["$order_ref"] = o.OrderRef;
        s["$symbol"] = o.Symbol;
        s["$side"] = Name(o.Side);
        s["$quantity"] = Text(o.Quantity);
        s["$type"] = Name(o.Type);
        s["$limit_price"] = Text(o.LimitPrice);
        s["$stop_price"] = Text(o.StopPrice);
        s["$parent_id"] = Nullable(o.ParentId);
        s["$status"] = Name(o.Status);
        s["$filled"] = Text(o.Filled);
        s["$avg_fill_price"] = Text(o.AverageFillPrice);
        s["$client_id"] = o.ClientId;
        s["$origin"] = Name(r.Order.Origin);
        s["$strategy"] = r.Order.Strategy;
        s["$created_at"] = Millis(r.Order.CreatedAt);
        s["$updated_at"] = now;
        s.Execute(transaction);
    }

    private void WriteFill(FillRecordedRecord r, SqliteTransaction transaction, long now)
    {
        ArgumentNullException.ThrowIfNull(r.Fill);
        var f = r.Fill;
        var s = _insertFill;
        s["$exec_id"] = f.ExecId;
        s["$broker_order_id"] = f.BrokerOrderId;
        s["$order_ref"] = f.OrderRef;
        s["$symbol"] = f.Symbol;
        s["$side"] = Name(f.Side);
        s["$quantity"] = Text(f.Quantity);
        s["$price"] = Text(f.Price);
        s["$commission"] = Text(f.Commission);
        s["$time"] = Millis(f.Time);
        s["$strategy"] = f.Strategy;
        s["$recorded_at"] = now;
        s.Execute(transaction);
    }

    private void WriteTrade(TradeClosedRecord r, SqliteTransaction transaction, long now)
    {
        ArgumentNullException.ThrowIfNull(r.Trade);
        var t = r.Trade;
        var s = _insertTrade;
        s["$symbol"] = t.Symbol;
        s["$strategy"] = t.Strategy;
        s["$side"] = Name(t.Side);
        s["$quantity"] = Text(t.Quantity);
        s["$entry_price"] = Text(t.EntryPrice);
        s["$exit_price"] = Text(t.ExitPrice);
        s["$realized_pnl"] = Text(t.RealizedPnl);
        s["$opened_at"] = Millis(t.OpenedAt);
        s["$closed_at"] = Millis(t.ClosedAt);
        s["$closing_exec_id"] = t.ClosingExecId;
        s["$recorded_at"] = now;
        s.Execute(transaction);
    }

    private void WriteAudit(AuditEntry e, SqliteTransaction transaction, long now)
    {
        ArgumentNullException.ThrowIfNull(e);
        var s = _insertAudit;
        s["$time"] = Millis(e.Time);
        s["$transport"] = e.Transport;
        s["$user_id"] = e.UserId;
        s["$role"] = e.Role;
        s["$command"] = e.Command;
        s["$arguments"] = e.Arguments;
        s["$outcome"] = e.Outcome;
        s["$detail"] = e.Detail;
        s["$recorded_at"] = now;
        s.Execute(transaction);
    }

    private void WriteSnapshot(PositionsSnapshotRecord r, SqliteTransaction transaction, long now)
    {
        ArgumentNullException.ThrowIfNull(r.Positions);
        var s = _insertSnapshot;
        s["$time"] = Millis(r.Time);
        s["$source"] = r.Source;
        s["$position_count"] = r.Positions.Count;
        s["$recorded_at"] = now;
        var id = s.ExecuteScalar(transaction) ?? throw new InvalidOperationException("the snapshot insert returned no id");

        var item = _insertSnapshotItem;
        item["$snapshot_id"] = id;
        for (var i = 0; i < r.Positions.Count; i++)
        {
            var p = r.Positions[i] ?? throw new ArgumentException("the snapshot contains a null position");
            item["$ordinal"] = i;
            item["$symbol"] = p.Symbol;
            item["$quantity"] = Text(p.Quantity);
            item["$average_cost"] = Text(p.AverageCost);
            item.Execute(transaction);
        }
    }

    private void WriteSetting(SettingRecord r, SqliteTransaction transaction, long now)
    {
        var s = _upsertSetting;
        s["$key"] = r.Key;
        s["$value"] = r.Value;
        s["$updated_at"] = now;
        s.Execute(transaction);
    }

    private void WriteIncident(Core.Incidents.Incident incident, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (!Core.Incidents.IncidentBook.TryParseId(incident.Id, out var number))
            throw new ArgumentException($"'{incident.Id}' is not an incident id");
        var s = _upsertIncident;
        s["$id"] = number;
        s["$type"] = Defined(incident.Type).ToString();
        s["$key"] = incident.Key;
        s["$severity"] = (int)Defined(incident.Severity);
        s["$status"] = Defined(incident.Status).ToString();
        s["$title"] = incident.Title;
        s["$opened_at"] = Millis(incident.OpenedAt);
        s["$acknowledged_at"] = Millis(incident.AcknowledgedAt);
        s["$resolved_at"] = Millis(incident.ResolvedAt);
        s["$detail"] = incident.Detail;
        s["$document"] = IncidentDocuments.Serialize(incident);
        s.Execute(transaction);
    }

    private void UpdateAlert(AlertDeliveredRecord r, SqliteTransaction transaction)
    {
        if (r.Status is not ("delivered" or "failed"))
            throw new ArgumentException($"alert status '{r.Status}' is not delivered or failed");
        var s = _updateAlert;
        s["$id"] = r.AlertId;
        s["$status"] = r.Status;
        s["$channel"] = r.Channels;
        s["$attempts"] = r.Attempts;
        s["$delivered_at"] = Millis(r.DeliveredAt);
        if (s.Execute(transaction) != 1)
            throw new ArgumentException($"no alert {r.AlertId} in the outbox");
    }

    private void WriteAlert(Alert a, SqliteTransaction transaction, long now)
    {
        ArgumentNullException.ThrowIfNull(a);
        var s = _insertAlert;
        s["$id"] = a.Id;
        s["$time"] = Millis(a.Time);
        s["$severity"] = (int)Defined(a.Severity);
        s["$key"] = a.Key;
        s["$title"] = a.Title;
        s["$text"] = a.Text;
        s["$first_action"] = a.FirstAction;
        s["$next_attempt_at"] = now;
        s.Execute(transaction);
    }
}
