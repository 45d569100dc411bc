using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Storage;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Storage;

public sealed class SqliteJournalIntegrityTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new(Samples.T0);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_database_with_garbage_in_its_pages_is_refused_and_left_byte_for_byte_untouched()
    {
        var path = await CreateJournalWithData();
        Assert.Equal(SqliteIntegrity.Ok, SqliteIntegrity.Check(path));

        // Overwrite one whole page in the middle of the file with (seeded) random bytes.
        const int PageSize = 4096;
        var length = new FileInfo(path).Length;
        Assert.True(length >= 50 * PageSize, $"the test database is too small ({length} bytes)");
        var garbage = new byte[PageSize];
        new Random(20261117).NextBytes(garbage);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = length / PageSize / 2 * PageSize;
            file.Write(garbage);
        }

        AssertRefusedUntouched(path);
    }

    [Fact]
    public async Task A_database_whose_index_disagrees_with_its_table_is_refused_with_the_check_output()
    {
        var path = await CreateJournalWithData();

        // Make SQLite believe the audit index covers another column: every row is then "missing from index".
        RawDb.Execute(path, """
            PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET sql = 'CREATE INDEX ix_audit_time ON audit (recorded_at)' WHERE name = 'ix_audit_time';
            """);

        var ex = AssertRefusedUntouched(path);

        var lines = ex.CheckOutput.Split('\n');
        Assert.True(lines.Length > 10, ex.CheckOutput);
        Assert.Contains("ix_audit_time", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines[9], ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(lines[10], ex.Message, StringComparison.Ordinal);
        Assert.Contains($"({lines.Length - 10} more)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_random_bytes_is_refused_and_left_byte_for_byte_untouched()
    {
        var path = _dir.DatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[64 * 1024];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var ex = AssertRefusedUntouched(path);
        Assert.Contains("file is not a database", ex.CheckOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_is_ok_for_a_healthy_journal_while_open_and_after_close_and_creates_no_file()
    {
        var path = _dir.DatabasePath();
        using (var journal = SqliteJournal.Open(path, _time))
        {
            await journal.CommitAsync([new AuditRecordedRecord(Samples.Audit("/halt", 1))], CancellationToken.None);
            Assert.True(File.Exists(path + "-wal"));
            Assert.Equal(SqliteIntegrity.Ok, SqliteIntegrity.Check(path));
            await journal.CommitAsync([new AuditRecordedRecord(Samples.Audit("/resume", 2))], CancellationToken.None);
        }

        Assert.False(File.Exists(path + "-wal"));
        Assert.False(File.Exists(path + "-shm"));
        var before = RawDb.Sha256(path);
        Assert.True(SqliteIntegrity.IsOk(SqliteIntegrity.Check(path)));
        Assert.Equal(before, RawDb.Sha256(path));
        Assert.False(File.Exists(path + "-wal"));
        Assert.False(File.Exists(path + "-shm"));
    }

    [Fact]
    public void Check_of_a_missing_file_throws()
    {
        var ex = Assert.Throws<JournalException>(() => SqliteIntegrity.Check(_dir.DatabasePath("missing.db")));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    private JournalCorruptException AssertRefusedUntouched(string path)
    {
        var before = RawDb.Sha256(path);
        var checkOutput = SqliteIntegrity.Check(path);
        Assert.False(SqliteIntegrity.IsOk(checkOutput));

        var ex = Assert.Throws<JournalCorruptException>(() => SqliteJournal.Open(path, _time));

        var fullPath = Path.GetFullPath(path);
        Assert.Equal(fullPath, ex.Path);
        Assert.Equal(checkOutput, ex.CheckOutput);
        Assert.Contains(fullPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains(checkOutput.Split('\n')[0], ex.Message, StringComparison.Ordinal);
        Assert.Contains("the file was left untouched; restore a backup from", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("data", "backups"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("or move the file away", ex.Message, StringComparison.Ordinal);

        Assert.Equal(before, RawDb.Sha256(path));
        Assert.False(File.Exists(path + "-wal"));
        Assert.False(File.Exists(path + "-shm"));

        // The lock was released: the next attempt fails for the same reason, not because of a lock.
        Assert.Throws<JournalCorruptException>(() => SqliteJournal.Open(path, _time));
        return ex;
    }

    private async Task<string> CreateJournalWithData()
    {
        var path = _dir.DatabasePath();
        using var journal = SqliteJournal.Open(path, _time);
        var detail = new string('x', 300);
        for (var batch = 0; batch < 20; batch++)
        {
            var records = new List<JournalRecord>();
            for (var i = 0; i < 100; i++)
            {
                var n = (batch * 100) + i;
                records.Add(new AuditRecordedRecord(Samples.Audit("/status", n) with { Detail = detail + n }));
                records.Add(new FillRecordedRecord(Samples.Fill($"E{n}", seconds: n)));
            }

            await journal.CommitAsync(records, CancellationToken.None);
        }

        return path;
    }
}
