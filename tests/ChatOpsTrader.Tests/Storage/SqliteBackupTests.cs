using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Storage;

namespace ChatOpsTrader.Tests.Storage;

public sealed class SqliteBackupTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chatops-backup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_backup_taken_while_the_journal_is_open_is_a_verified_copy_with_every_fill()
    {
        var dbPath = Path.Combine(_dir, "chatops.db");
        using (var journal = SqliteJournal.Open(dbPath, TimeProvider.System))
        {
            var fills = Enumerable.Range(0, 100).Select(i => (JournalRecord)new FillRecordedRecord(
                new Fill($"x{i}", i, "COT-1", "AAPL", OrderSide.Buy, 1, 100m, 1m, DateTimeOffset.UnixEpoch.AddSeconds(i), "s"))).ToList();
            await journal.CommitAsync(fills, CancellationToken.None);

            var result = SqliteBackup.Create(dbPath, Path.Combine(_dir, "backups"), new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero), keep: 3);

            Assert.EndsWith("chatops-20261121-020000.db", result.Path, StringComparison.Ordinal);
            Assert.Equal(SqliteIntegrity.Ok, SqliteIntegrity.Check(result.Path));
            Assert.False(File.Exists(result.Path + "-wal"));
        }

        // The copy opens as a journal of its own, with the same data.
        var copy = SqliteBackup.List(Path.Combine(_dir, "backups"))[0];
        using var restored = SqliteJournal.Open(copy, TimeProvider.System);
        Assert.Equal(100, (await restored.RecoverAsync(CancellationToken.None)).Fills.Count);
    }

    [Fact]
    public void Retention_keeps_the_newest_backups_and_never_touches_other_files()
    {
        var dbPath = Path.Combine(_dir, "chatops.db");
        using (SqliteJournal.Open(dbPath, TimeProvider.System))
        {
        }
        var backups = Path.Combine(_dir, "backups");
        Directory.CreateDirectory(backups);
        File.WriteAllText(Path.Combine(backups, "notes.txt"), "mine");
        var start = new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);
        BackupResult? last = null;
        for (var day = 0; day < 5; day++)
            last = SqliteBackup.Create(dbPath, backups, start.AddDays(day), keep: 2);

        Assert.EndsWith("chatops-20261103-020000.db", Assert.Single(last!.Deleted), StringComparison.Ordinal);
        var kept = SqliteBackup.List(backups);
        Assert.Equal(2, kept.Count);
        Assert.EndsWith("chatops-20261105-020000.db", kept[0], StringComparison.Ordinal);
        Assert.EndsWith("chatops-20261104-020000.db", kept[1], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(backups, "notes.txt")));
    }

    [Fact]
    public void A_source_that_is_not_a_database_fails_clearly_and_leaves_no_backup()
    {
        Directory.CreateDirectory(_dir);
        var bogus = Path.Combine(_dir, "bogus.db");
        File.WriteAllBytes(bogus, new byte[8192]);
        var backups = Path.Combine(_dir, "backups");
        Assert.ThrowsAny<JournalException>(() => SqliteBackup.Create(bogus, backups, DateTimeOffset.UnixEpoch, keep: 1));
        Assert.Empty(SqliteBackup.List(backups));
    }
}
