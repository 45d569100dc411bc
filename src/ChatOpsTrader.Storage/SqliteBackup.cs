using System.Globalization;
using ChatOpsTrader.Core.Ports;
using Microsoft.Data.Sqlite;

namespace ChatOpsTrader.Storage;

/// <summary>A verified backup file.</summary>
/// <param name="Path">Full path of the backup.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Deleted">Older backups removed by the retention rule.</param>
public sealed record BackupResult(string Path, long Bytes, IReadOnlyList<string> Deleted);

/// <summary>
/// Online backups of the journal with SQLite's backup API (consistent while the engine keeps writing), verified with
/// <c>PRAGMA integrity_check</c> before they count, kept by a retention rule.
/// </summary>
public static class SqliteBackup
{
    /// <summary>File name prefix of our backups; retention only ever touches files with it.</summary>
    public const string Prefix = "chatops-";

    /// <summary>
    /// Copies the database at <paramref name="databasePath"/> into <paramref name="directory"/> as
    /// <c>chatops-yyyyMMdd-HHmmss.db</c>, checks the copy, then deletes all but the newest <paramref name="keep"/> backups.
    /// </summary>
    /// <exception cref="JournalException">The copy failed or does not pass the integrity check (a bad copy is kept as <c>.corrupt</c>).</exception>
    public static BackupResult Create(string databasePath, string directory, DateTimeOffset now, int keep)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var source = Path.GetFullPath(databasePath);
        var dir = Path.GetFullPath(directory);
        Directory.CreateDirectory(dir);
        var name = Prefix + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".db";
        var final = Path.Combine(dir, name);
        var partial = final + ".partial";

        try
        {
            File.Delete(partial);
            using (var from = SqliteConnections.OpenReader(source))
            using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
            {
                to.Open();
                from.BackupDatabase(to);
                // A standalone copy: no WAL next to it.
                SqliteConnections.Execute(to, "PRAGMA journal_mode=DELETE");
            }
        }
        catch (SqliteException ex)
        {
            File.Delete(partial);
            throw new JournalException($"backup of {source} to {final} failed: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new JournalException($"backup of {source} to {final} failed: {ex.Message}", ex);
        }

        var check = SqliteIntegrity.Check(partial);
        if (!SqliteIntegrity.IsOk(check))
        {
            File.Move(partial, final + ".corrupt", overwrite: true);
            throw new JournalException($"backup {final} failed its integrity check: {check}");
        }
        File.Move(partial, final, overwrite: true);

        var deleted = new List<string>();
        foreach (var old in List(dir).Skip(keep))
        {
            File.Delete(old);
            deleted.Add(old);
        }
        return new BackupResult(final, new FileInfo(final).Length, deleted);
    }

    /// <summary>Our backups in <paramref name="directory"/>, newest first.</summary>
    public static IReadOnlyList<string> List(string directory) =>
        !Directory.Exists(directory)
            ? []
            : [.. Directory.GetFiles(directory, Prefix + "*.db").Order(StringComparer.Ordinal).Reverse()];
}
