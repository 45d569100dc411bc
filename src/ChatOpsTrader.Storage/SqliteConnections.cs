using System.Text;
using Microsoft.Data.Sqlite;

namespace ChatOpsTrader.Storage;

/// <summary>Connection strings and set-up shared by the journal and the integrity check.</summary>
internal static class SqliteConnections
{
    /// <summary>Milliseconds SQLite waits for a lock held by another connection before giving up.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    private static readonly Lock InitLock = new();
    private static bool _initialized;

    /// <summary>Loads the bundled native SQLite once per process.</summary>
    public static void EnsureInitialized()
    {
        lock (InitLock)
        {
            if (_initialized)
                return;
            SQLitePCL.Batteries_V2.Init();
            _initialized = true;
        }
    }

    /// <summary>The single writer: creates the file when missing. No pooling, so Dispose really closes the file.</summary>
    public static SqliteConnection OpenWriter(string fullPath)
    {
        EnsureInitialized();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        };
        return Open(builder);
    }

    /// <summary>A read-only connection for queries (a WAL reader: never blocks and is never blocked by the writer).</summary>
    public static SqliteConnection OpenReader(string fullPath)
    {
        EnsureInitialized();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadOnly,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        };
        return Open(builder);
    }

    /// <summary>
    /// A read-only connection that creates no file next to the database. When no <c>-wal</c> file exists, the
    /// database is opened <c>immutable</c> (SQLite would otherwise create <c>-wal</c> and <c>-shm</c> files even for
    /// a read-only connection to a WAL-mode database); when one exists it holds committed data and must be read too.
    /// </summary>
    public static SqliteConnection OpenForInspection(string fullPath)
    {
        EnsureInitialized();
        var hasWal = File.Exists(fullPath + "-wal");
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = hasWal ? fullPath : ToUri(fullPath) + "?immutable=1",
            Mode = SqliteOpenMode.ReadOnly,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        };
        return Open(builder);
    }

    /// <summary>Runs one statement that needs no parameters.</summary>
    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs one statement and returns its first column of the first row.</summary>
    public static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    /// <summary>A SQLite URI for an absolute path (<c>file:</c> + percent-encoded path segments).</summary>
    internal static string ToUri(string fullPath)
    {
        var sb = new StringBuilder("file:");
        var path = fullPath.Replace('\\', '/');
        if (!path.StartsWith('/'))
            sb.Append('/');
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in path.EnumerateRunes())
        {
            // Unreserved characters and the separator stay; everything else is percent-encoded as UTF-8.
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '/' or '-' or '_' or '.' or '~' or ':'))
            {
                sb.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(bytes);
            for (var i = 0; i < count; i++)
                sb.Append('%').Append(bytes[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static SqliteConnection Open(SqliteConnectionStringBuilder builder)
    {
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
