using System.Globalization;
using System.Security.Cryptography;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using Microsoft.Data.Sqlite;

namespace ChatOpsTrader.Tests.Storage;

/// <summary>A temporary directory for real SQLite files, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "chatops-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>A database path in a sub-directory that does not exist yet.</summary>
    public string DatabasePath(string name = "chatops.db") => Path.Combine(Root, "data", name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed may still hold a file open; the OS temp cleanup gets it.
        }
    }
}

/// <summary>Direct access to a journal file, bypassing the journal (to see what really is on disk).</summary>
internal static class RawDb
{
    public static SqliteConnection Open(string path, bool readOnly = true)
    {
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public static List<object?[]> Rows(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }

    public static long Count(string path, string table) =>
        Convert.ToInt64(Rows(path, $"SELECT COUNT(*) FROM {table}")[0][0], CultureInfo.InvariantCulture);

    public static void Execute(string path, string sql)
    {
        using var connection = Open(path, readOnly: false);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}

/// <summary>Sample records with awkward values: exact decimals with scale, millisecond times with offsets, nulls.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 17, 15, 30, 12, 345, TimeSpan.Zero);

    public static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    public static TradingStatus Status(TradingState state, int seconds = 0) =>
        new(state, state == TradingState.Halted ? StateTrigger.Manual : StateTrigger.None, $"reason {state}", "telegram:42", At(seconds));

    public static IntentRecord Intent(string key, IntentOutcome outcome = IntentOutcome.Pending, long? brokerOrderId = null) =>
        new(
            key,
            OrderRefs.ForKey(key),
            new OrderIntent(key, "momentum", "AAPL", OrderSide.Buy, 100.50m, OrderType.Limit, LimitPrice: 187.1234m, TakeProfit: 190.00m, StopLoss: 185.5m, Origin: OrderOrigin.Api),
            At(1),
            outcome,
            brokerOrderId,
            null,
            null);

    public static WorkingOrder Order(long id, OrderStatus status, decimal filled = 0m, int seconds = 0) =>
        new(
            new BrokerOrder(id, OrderRefs.ForKey("k" + id), "MSFT", OrderSide.Sell, 25m, OrderType.StopLimit, 401.25m, 400.10m, id > 100 ? 100 : null, status, filled, filled == 0 ? 0m : 401.2500m, 7),
            OrderOrigin.Strategy,
            "meanrev",
            At(seconds));

    public static Fill Fill(string execId, decimal price = 187.12m, int seconds = 2) =>
        new(execId, 11, OrderRefs.ForKey("k11"), "AAPL", OrderSide.Buy, 10.5m, price, 1.0050m, At(seconds), "momentum");

    public static ClosedTrade Trade(string execId, int seconds) =>
        new("AAPL", "momentum", OrderSide.Buy, 10m, 187.12m, 188.9999m, 17.7940m, At(seconds - 60), At(seconds), execId);

    public static AuditEntry Audit(string command, int seconds) =>
        new(At(seconds), "telegram", "42", "operator", command, "because", "ok", $"{command} done");

    public static Alert Alert(string id, int seconds = 5) =>
        new(id, At(seconds), Severity.Sev2, "reject:AAPL", "Order rejected", "AAPL buy 10 rejected: code 201", "Check margin");
}
