using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Storage.Migrations;
using Microsoft.Data.Sqlite;
using static ChatOpsTrader.Storage.SqlValues;

namespace ChatOpsTrader.Storage;

/// <summary>
/// The journal in one SQLite file (WAL mode, <c>synchronous=FULL</c>): <see cref="CommitAsync"/> returns only once
/// its batch is fsynced. One process at a time owns the file (see <see cref="Open"/>).
/// </summary>
/// <remarks>
/// Threading: commits are serialized on one dedicated writer connection (callers wait their turn; the engine loop is
/// expected to be the only writer). Reads open their own read-only connection per call and may run on any thread at
/// any time, concurrently with commits; each read sees a consistent committed snapshot.
/// Storage: decimals are exact TEXT; times are unix milliseconds UTC, so sub-millisecond digits are dropped and times
/// come back with offset zero (the same instant to the millisecond).
/// </remarks>
public sealed class SqliteJournal : IJournal, IDisposable
{
    private static readonly string WorkingStatuses = string.Join(
        ", ",
        Enum.GetValues<OrderStatus>().Where(s => s.IsWorking()).Select(s => $"'{s}'"));

    private readonly TimeProvider _timeProvider;
    private readonly JournalFileLock _lock;
    private readonly SqliteConnection _writer;
    private readonly JournalWriter _statements;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _disposed;
    private string? _fault;

    private SqliteJournal(string path, int schemaVersion, TimeProvider timeProvider, JournalFileLock fileLock, SqliteConnection writer, JournalWriter statements)
    {
        Path = path;
        SchemaVersion = schemaVersion;
        _timeProvider = timeProvider;
        _lock = fileLock;
        _writer = writer;
        _statements = statements;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The schema version after migrations.</summary>
    public int SchemaVersion { get; }

    /// <summary>
    /// Opens (or creates) the journal at <paramref name="path"/>: takes the process lock <c>&lt;path&gt;.lock</c>,
    /// runs <c>PRAGMA integrity_check</c> on an existing file before anything writes to it, then switches to WAL
    /// and applies pending migrations.
    /// </summary>
    /// <param name="path">The database file, e.g. <c>data/chatops.db</c>. Its directory is created when missing.</param>
    /// <param name="timeProvider">The clock for <c>recorded_at</c>-style columns.</param>
    /// <exception cref="JournalLockedException">Another process (or another open journal in this process) uses the file.</exception>
    /// <exception cref="JournalCorruptException">The file failed the integrity check; it was not modified.</exception>
    /// <exception cref="JournalException">Any other reason the journal cannot be used (schema newer than this build,
    /// not a ChatOpsTrader journal, a migration failed, I/O or permission errors).</exception>
    public static SqliteJournal Open(string path, TimeProvider timeProvider) =>
        Open(path, timeProvider, JournalMigrations.All);

    /// <summary>Opens the journal with an explicit migration list (tests).</summary>
    internal static SqliteJournal Open(string path, TimeProvider timeProvider, IReadOnlyList<Migration> migrations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(migrations);

        var fullPath = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"cannot create the directory of the journal {fullPath}: {ex.Message}", ex);
        }

        var fileLock = JournalFileLock.Acquire(fullPath, timeProvider);
        SqliteConnection? writer = null;
        JournalWriter? statements = null;
        try
        {
            CheckBeforeWriting(fullPath);
            writer = SqliteConnections.OpenWriter(fullPath);
            SchemaMigrator.EnsureJournal(writer, fullPath);
            Configure(writer, fullPath);
            var version = SchemaMigrator.Migrate(writer, migrations, timeProvider, fullPath);
            statements = new JournalWriter(writer);
            return new SqliteJournal(fullPath, version, timeProvider, fileLock, writer, statements);
        }
        catch (Exception ex)
        {
            statements?.Dispose();
            writer?.Dispose();
            fileLock.Dispose();
            if (ex is JournalException)
                throw;
            throw new JournalException($"cannot open the journal {fullPath}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask CommitAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (records.Count == 0)
            return;

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            if (_fault is not null)
                throw new JournalException(_fault);
            WriteBatch(records);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<JournalRecovery> RecoverAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(Read("the recovery state", cancellationToken, c => Recover(c, _timeProvider.GetUtcNow())));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ClosedTrade>> GetClosedTradesAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ValueTask.FromResult<IReadOnlyList<ClosedTrade>>(Read("closed trades", cancellationToken, c => ReadClosedTrades(c, since, limit)));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuditEntry>> GetAuditAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ValueTask.FromResult<IReadOnlyList<AuditEntry>>(Read("the audit log", cancellationToken, c => ReadAudit(c, limit)));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Alert>> GetPendingAlertsAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ValueTask.FromResult<IReadOnlyList<Alert>>(Read("the alert outbox", cancellationToken, c => ReadPendingAlerts(c, limit)));
    }

    /// <summary>Waits for a commit in progress, closes the connections and releases the lock.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _writeGate.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _statements.Dispose();
            _writer.Dispose();
            _lock.Dispose();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Value of a pragma on the writer connection (tests).</summary>
    internal string QueryWriterPragma(string pragma)
    {
        _writeGate.Wait();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Convert.ToString(SqliteConnections.Scalar(_writer, "PRAGMA " + pragma), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static void CheckBeforeWriting(string fullPath)
    {
        if (!File.Exists(fullPath))
        {
            // SQLite would replay a leftover WAL into the new, empty file: refuse rather than mix in someone's old data.
            if (File.Exists(fullPath + "-wal"))
            {
                throw new JournalException(
                    $"the journal {fullPath} is missing but {fullPath}-wal exists (part of a journal that was moved or deleted); "
                    + "move the -wal and -shm files away too, or put the journal back");
            }

            return;
        }

        var result = SqliteIntegrity.Check(fullPath);
        if (!SqliteIntegrity.IsOk(result))
            throw new JournalCorruptException(fullPath, result);
    }

    private static void Configure(SqliteConnection writer, string fullPath)
    {
        SqliteConnections.Execute(writer, $"PRAGMA busy_timeout = {SqliteConnections.BusyTimeoutMilliseconds}");
        var mode = Convert.ToString(SqliteConnections.Scalar(writer, "PRAGMA journal_mode = WAL"), System.Globalization.CultureInfo.InvariantCulture);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new JournalException($"the journal {fullPath} cannot use WAL mode (SQLite answered '{mode}'); is it on a network file system?");
        SqliteConnections.Execute(writer, "PRAGMA synchronous = FULL");
        SqliteConnections.Execute(writer, "PRAGMA foreign_keys = ON");
    }

    private void WriteBatch(IReadOnlyList<JournalRecord> records)
    {
        var now = Millis(_timeProvider.GetUtcNow());
        var index = -1;
        SqliteTransaction? transaction = null;
        try
        {
            transaction = _writer.BeginTransaction();
            for (index = 0; index < records.Count; index++)
                _statements.Write(records[index], transaction, now);
            index = -1;
            transaction.Commit();
        }
        catch (Exception ex)
        {
            RollBack(transaction);
            var where = index >= 0 ? $" at record {index} ({records[index]?.GetType().Name ?? "null"})" : " on commit";
            throw new JournalException(
                $"the journal {Path} could not commit a batch of {records.Count} record(s){where}; nothing of the batch was written: {ex.Message}",
                ex);
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    private void RollBack(SqliteTransaction? transaction)
    {
        try
        {
            transaction?.Rollback();
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            // SQLite may already have rolled back by itself (I/O error, disk full): checked below.
        }

        if (SQLitePCL.raw.sqlite3_get_autocommit(_writer.Handle) == 0)
        {
            // Still inside a transaction we could not end: refuse every further commit rather than guess.
            _fault = $"the journal {Path} failed to roll back a failed batch and cannot be written any more; restart ChatOpsTrader";
        }
    }

    private T Read<T>(string what, CancellationToken cancellationToken, Func<SqliteConnection, T> query)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = SqliteConnections.OpenReader(Path);
            return query(connection);
        }
        catch (Exception ex) when (ex is SqliteException or FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new JournalException($"reading {what} from the journal {Path} failed: {ex.Message}", ex);
        }
    }

    private static JournalRecovery Recover(SqliteConnection connection, DateTimeOffset now)
    {
        // One read transaction: every list comes from the same committed snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);

        TradingStatus? status = null;
        ForEachRow(connection, transaction, """
            SELECT state, trigger, reason, actor, since, last_halt_at, last_halt_trigger, resume_to
            FROM state_transitions ORDER BY id DESC LIMIT 1
            """, reader => status = new TradingStatus(
                GetEnum<TradingState>(reader, 0),
                GetEnum<StateTrigger>(reader, 1),
                reader.GetString(2),
                reader.GetString(3),
                GetTime(reader, 4),
                GetNullableTime(reader, 5),
                GetEnum<StateTrigger>(reader, 6),
                GetNullableEnum<TradingState>(reader, 7)));

        var intents = new List<IntentRecord>();
        ForEachRow(connection, transaction, """
            SELECT idempotency_key, order_ref, client_key, strategy, symbol, side, quantity, type, limit_price, stop_price,
                   take_profit, stop_loss, origin, created_at, outcome, broker_order_id, reject_rule, reject_message
            FROM order_intents ORDER BY id
            """, reader =>
        {
            var intent = new OrderIntent(
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                GetEnum<OrderSide>(reader, 5),
                GetDecimal(reader, 6),
                GetEnum<OrderType>(reader, 7),
                GetNullableDecimal(reader, 8),
                GetNullableDecimal(reader, 9),
                GetNullableDecimal(reader, 10),
                GetNullableDecimal(reader, 11),
                GetEnum<OrderOrigin>(reader, 12));
            intents.Add(new IntentRecord(
                reader.GetString(0),
                reader.GetString(1),
                intent,
                GetTime(reader, 13),
                GetEnum<IntentOutcome>(reader, 14),
                GetNullableInt64(reader, 15),
                GetNullableString(reader, 16),
                GetNullableString(reader, 17)));
        });

        var orders = new List<WorkingOrder>();
        ForEachRow(connection, transaction, $"""
            SELECT broker_order_id, order_ref, symbol, side, quantity, type, limit_price, stop_price, parent_id, status,
                   filled, avg_fill_price, client_id, origin, strategy, created_at
            FROM orders WHERE status IN ({WorkingStatuses}) ORDER BY created_at, broker_order_id
            """, reader =>
        {
            var order = new BrokerOrder(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                GetEnum<OrderSide>(reader, 3),
                GetDecimal(reader, 4),
                GetEnum<OrderType>(reader, 5),
                GetNullableDecimal(reader, 6),
                GetNullableDecimal(reader, 7),
                GetNullableInt64(reader, 8),
                GetEnum<OrderStatus>(reader, 9),
                GetDecimal(reader, 10),
                GetDecimal(reader, 11),
                reader.GetInt32(12));
            orders.Add(new WorkingOrder(order, GetEnum<OrderOrigin>(reader, 13), reader.GetString(14), GetTime(reader, 15)));
        });

        var fills = new List<Fill>();
        ForEachRow(connection, transaction, """
            SELECT exec_id, broker_order_id, order_ref, symbol, side, quantity, price, commission, time, strategy
            FROM fills ORDER BY seq
            """, reader => fills.Add(new Fill(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                GetEnum<OrderSide>(reader, 4),
                GetDecimal(reader, 5),
                GetDecimal(reader, 6),
                GetDecimal(reader, 7),
                GetTime(reader, 8),
                reader.GetString(9))));

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        ForEachRow(connection, transaction, "SELECT key, value FROM settings", reader => settings.Add(reader.GetString(0), reader.GetString(1)));

        var incidents = new List<Core.Incidents.Incident>();
        var recent = Millis(now.AddDays(-30));
        ForEachRow(connection, transaction, $"""
            SELECT document FROM incidents WHERE document <> '' AND (status <> 'Resolved' OR resolved_at >= {recent}) ORDER BY id
            """, reader => incidents.Add(IncidentDocuments.Deserialize(reader.GetString(0))));

        transaction.Commit();
        return new JournalRecovery(status, intents, orders, fills, settings, incidents);
    }

    private static List<ClosedTrade> ReadClosedTrades(SqliteConnection connection, DateTimeOffset since, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT symbol, strategy, side, quantity, entry_price, exit_price, realized_pnl, opened_at, closed_at, closing_exec_id
            FROM closed_trades WHERE closed_at >= $since ORDER BY closed_at DESC, id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$since", Millis(since));
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var trades = new List<ClosedTrade>();
        while (reader.Read())
        {
            trades.Add(new ClosedTrade(
                reader.GetString(0),
                reader.GetString(1),
                GetEnum<OrderSide>(reader, 2),
                GetDecimal(reader, 3),
                GetDecimal(reader, 4),
                GetDecimal(reader, 5),
                GetDecimal(reader, 6),
                GetTime(reader, 7),
                GetTime(reader, 8),
                reader.GetString(9)));
        }

        return trades;
    }

    private static List<Alert> ReadPendingAlerts(SqliteConnection connection, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, time, severity, key, title, text, first_action
            FROM alerts WHERE status = 'pending' ORDER BY time, id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var alerts = new List<Alert>();
        while (reader.Read())
        {
            alerts.Add(new Alert(
                reader.GetString(0),
                GetTime(reader, 1),
                (Severity)reader.GetInt32(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6)));
        }

        return alerts;
    }

    private static List<AuditEntry> ReadAudit(SqliteConnection connection, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT time, transport, user_id, role, command, arguments, outcome, detail
            FROM audit ORDER BY time DESC, id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(
                GetTime(reader, 0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7)));
        }

        return entries;
    }

    private static void ForEachRow(SqliteConnection connection, SqliteTransaction transaction, string sql, Action<SqliteDataReader> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        using var reader = command.ExecuteReader();
        while (reader.Read())
            row(reader);
    }
}
