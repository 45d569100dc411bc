using ChatOpsTrader.Core.Ports;
using Microsoft.Data.Sqlite;

namespace ChatOpsTrader.Storage;

/// <summary>
/// <c>PRAGMA integrity_check</c> on a read-only connection that writes nothing: the database file keeps its bytes and
/// no <c>-wal</c> or <c>-shm</c> file is created (unless a <c>-wal</c> file already exists, which is then read too).
/// Used when the journal opens, and by the backup job to verify a copy.
/// </summary>
public static class SqliteIntegrity
{
    /// <summary>What <see cref="Check"/> returns for a healthy database.</summary>
    public const string Ok = "ok";

    // SQLITE_CORRUPT and SQLITE_NOTADB: the file's content is damaged or is not a database at all.
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>True when <paramref name="checkOutput"/> is the output of a healthy check.</summary>
    public static bool IsOk(string checkOutput) => string.Equals(checkOutput, Ok, StringComparison.Ordinal);

    /// <summary>
    /// Checks the database at <paramref name="path"/>. Returns <see cref="Ok"/> when it is healthy; otherwise the
    /// problems, one per line (the check's output, or the SQLite error when the file cannot be read as a database).
    /// </summary>
    /// <exception cref="JournalException">The file is missing or cannot be opened (permissions, I/O error).</exception>
    public static string Check(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new JournalException($"cannot check {fullPath}: the file does not exist");

        try
        {
            using var connection = SqliteConnections.OpenForInspection(fullPath);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
                lines.Add(reader.IsDBNull(0) ? string.Empty : reader.GetString(0));
            if (lines.Count == 1 && IsOk(lines[0]))
                return Ok;
            return lines.Count == 0 ? "integrity_check returned no result" : string.Join('\n', lines);
        }
        catch (SqliteException ex) when ((ex.SqliteErrorCode & 0xFF) is SqliteCorrupt or SqliteNotADatabase)
        {
            return $"{ex.Message} (SQLite error {ex.SqliteExtendedErrorCode})";
        }
        catch (SqliteException ex)
        {
            throw new JournalException($"cannot check {fullPath}: {ex.Message}", ex);
        }
    }
}
