using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Tests.Support;

/// <summary>A journal in memory with the same semantics as the SQLite one, and a switch to make commits fail.</summary>
public sealed class InMemoryJournal : IJournal
{
    private readonly Lock _lock = new();

    public List<JournalRecord> Committed { get; } = [];

    public int Commits { get; private set; }

    public bool FailCommits { get; set; }

    public ValueTask CommitAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FailCommits)
                throw new JournalException("disk full (test)");
            if (records.OfType<IntentRecordedRecord>().Any(r => Committed.OfType<IntentRecordedRecord>().Any(c => c.Intent.IdempotencyKey == r.Intent.IdempotencyKey)))
                throw new JournalException("duplicate idempotency key");
            Committed.AddRange(records);
            Commits++;
        }
        return ValueTask.CompletedTask;
    }

    public T[] All<T>()
        where T : JournalRecord
    {
        lock (_lock)
            return [.. Committed.OfType<T>()];
    }

    public TradingStatus? LastStatus()
    {
        lock (_lock)
            return Committed.OfType<StateChangedRecord>().LastOrDefault()?.Next;
    }

    public ValueTask<JournalRecovery> RecoverAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var intents = new Dictionary<string, IntentRecord>();
            foreach (var r in Committed)
            {
                switch (r)
                {
                    case IntentRecordedRecord i: intents[i.Intent.IdempotencyKey] = i.Intent; break;
                    case IntentUpdatedRecord u when intents.TryGetValue(u.IdempotencyKey, out var existing):
                        intents[u.IdempotencyKey] = existing with { Outcome = u.Outcome, BrokerOrderId = u.BrokerOrderId, RejectRule = u.Rule, RejectMessage = u.Message };
                        break;
                }
            }
            var orders = new Dictionary<long, WorkingOrder>();
            foreach (var o in Committed.OfType<OrderRecordedRecord>())
                orders[o.Order.Order.BrokerOrderId] = o.Order;
            var fills = Committed.OfType<FillRecordedRecord>().Select(f => f.Fill).DistinctBy(f => f.ExecId).ToList();
            var settings = new Dictionary<string, string>();
            foreach (var s in Committed.OfType<SettingRecord>())
                settings[s.Key] = s.Value;
            var incidents = new Dictionary<string, ChatOpsTrader.Core.Incidents.Incident>();
            foreach (var i in Committed.OfType<IncidentRecordedRecord>())
                incidents[i.Incident.Id] = i.Incident;
            return ValueTask.FromResult(new JournalRecovery(LastStatus(), [.. intents.Values], [.. orders.Values.Where(o => o.Order.Status.IsWorking())], fills, settings, [.. incidents.Values]));
        }
    }

    public ValueTask<IReadOnlyList<ClosedTrade>> GetClosedTradesAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
            return ValueTask.FromResult<IReadOnlyList<ClosedTrade>>([.. Committed.OfType<TradeClosedRecord>().Select(t => t.Trade).Where(t => t.ClosedAt >= since).OrderByDescending(t => t.ClosedAt).Take(limit)]);
    }

    public ValueTask<IReadOnlyList<ChatOpsTrader.Core.Alerts.Alert>> GetPendingAlertsAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var done = Committed.OfType<AlertDeliveredRecord>().Select(d => d.AlertId).ToHashSet();
            return ValueTask.FromResult<IReadOnlyList<ChatOpsTrader.Core.Alerts.Alert>>([.. Committed.OfType<AlertRecordedRecord>().Select(a => a.Alert).Where(a => !done.Contains(a.Id)).OrderBy(a => a.Time).Take(limit)]);
        }
    }

    public ValueTask<IReadOnlyList<AuditEntry>> GetAuditAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
            return ValueTask.FromResult<IReadOnlyList<AuditEntry>>([.. Committed.OfType<AuditRecordedRecord>().Select(a => a.Entry).Reverse().Take(limit)]);
    }
}
