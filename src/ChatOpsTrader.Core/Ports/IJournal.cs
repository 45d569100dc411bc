using ChatOpsTrader.Core.Portfolio;

namespace ChatOpsTrader.Core.Ports;

/// <summary>
/// The durable journal. <see cref="CommitAsync"/> writes a batch of records in one transaction and returns only
/// once it is durable (fsynced): the engine acts on a decision only after its records are committed.
/// </summary>
public interface IJournal
{
    /// <summary>Writes the records atomically and durably. Throws <see cref="JournalException"/> on failure (nothing written).</summary>
    ValueTask CommitAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken);

    /// <summary>Everything the engine needs to rebuild its state after a start or a crash.</summary>
    ValueTask<JournalRecovery> RecoverAsync(CancellationToken cancellationToken);

    /// <summary>Closed trades with <see cref="ClosedTrade.ClosedAt"/> at or after <paramref name="since"/>, newest first.</summary>
    ValueTask<IReadOnlyList<ClosedTrade>> GetClosedTradesAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken);

    /// <summary>Alerts journaled but not yet delivered (the outbox), oldest first.</summary>
    ValueTask<IReadOnlyList<Alerts.Alert>> GetPendingAlertsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The newest audit entries, newest first.</summary>
    ValueTask<IReadOnlyList<AuditEntry>> GetAuditAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>The journal could not be opened, read or written.</summary>
public class JournalException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JournalException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public JournalException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public JournalException(string message)
        : base(message)
    {
    }
}
