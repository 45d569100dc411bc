using System.Globalization;
using ChatOpsTrader.Core.Ports;
using Microsoft.Data.Sqlite;

namespace ChatOpsTrader.Storage.Migrations;

/// <summary>
/// Brings a journal's schema up to date: table <c>schema_migrations(version, name, applied_at)</c> records what is
/// applied; each pending migration runs in its own transaction together with its <c>schema_migrations</c> row.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>SQLite <c>application_id</c> of a ChatOpsTrader journal ("COTJ"), set by migration 1.</summary>
    public const long ApplicationId = 0x434F544A;

    /// <summary>Applies the pending migrations and returns the schema version.</summary>
    /// <exception cref="JournalException">The file is not a journal, its schema is newer than or diverges from
    /// <paramref name="migrations"/>, or a migration failed (earlier migrations stay applied).</exception>
    public static int Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations, TimeProvider timeProvider, string path)
    {
        JournalMigrations.Validate(migrations);
        EnsureJournal(connection, path);
        SqliteConnections.Execute(
            connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");

        var applied = ReadApplied(connection);
        var known = migrations.Count;
        var current = applied.Count == 0 ? 0 : (int)Math.Min(applied.Keys.Max(), int.MaxValue);
        if (current > known)
        {
            throw new JournalException(
                $"the journal {path} has schema version {current} but this build of ChatOpsTrader knows versions up to {known}; "
                + "it was written by a newer build: run that build, or restore a backup made by this one");
        }

        foreach (var (version, name) in applied)
        {
            if (version < 1)
                throw new JournalException($"the journal {path} records an invalid schema version {version} in schema_migrations");
            var expected = migrations[(int)version - 1].Name;
            if (!string.Equals(expected, name, StringComparison.Ordinal))
            {
                throw new JournalException(
                    $"the journal {path} has migration {version} '{name}' applied but this build's migration {version} is '{expected}'; "
                    + "the journal was written by a different build");
            }
        }

        foreach (var migration in migrations)
        {
            if (applied.ContainsKey(migration.Version))
                continue;
            if (migration.Version < current)
            {
                throw new JournalException(
                    $"the journal {path} is at schema version {current} but migration {migration.Version} '{migration.Name}' was never applied; "
                    + "migrations must be added with a version above every released one");
            }

            Apply(connection, migration, timeProvider, path);
            current = migration.Version;
        }

        return current;
    }

    private static void Apply(SqliteConnection connection, Migration migration, TimeProvider timeProvider, string path)
    {
        using var transaction = connection.BeginTransaction();
        try
        {
            SqliteConnections.Execute(connection, migration.Sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $applied_at)";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$name", migration.Name);
            record.Parameters.AddWithValue("$applied_at", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw new JournalException(
                $"migration {migration.Version} '{migration.Name}' of the journal {path} failed and was rolled back "
                + $"(the schema stays at version {migration.Version - 1}): {ex.Message}",
                ex);
        }
    }

    private static SortedDictionary<long, string> ReadApplied(SqliteConnection connection)
    {
        var applied = new SortedDictionary<long, string>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM schema_migrations ORDER BY version";
        using var reader = command.ExecuteReader();
        while (reader.Read())
            applied.Add(reader.GetInt64(0), reader.GetString(1));
        return applied;
    }

    /// <summary>Refuses a SQLite file that belongs to something else, before a single table is created in it.</summary>
    public static void EnsureJournal(SqliteConnection connection, string path)
    {
        var applicationId = Convert.ToInt64(SqliteConnections.Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
        if (applicationId == ApplicationId)
            return;
        if (applicationId != 0)
        {
            throw new JournalException(
                $"{path} is not a ChatOpsTrader journal (SQLite application_id {applicationId}); set Storage__Path to the journal or to a new file");
        }

        var foreignTables = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations' ORDER BY name";
        using var reader = command.ExecuteReader();
        while (reader.Read())
            foreignTables.Add(reader.GetString(0));
        if (foreignTables.Count > 0)
        {
            throw new JournalException(
                $"{path} is not a ChatOpsTrader journal (it has tables {string.Join(", ", foreignTables.Take(5))} but no journal schema); "
                + "set Storage__Path to the journal or to a new file");
        }
    }
}
