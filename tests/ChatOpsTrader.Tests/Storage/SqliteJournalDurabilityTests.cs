using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Storage;
using ChatOpsTrader.Tests.Support;
using static ChatOpsTrader.Tests.Storage.Samples;

namespace ChatOpsTrader.Tests.Storage;

public sealed class SqliteJournalDurabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new(T0);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_commit_is_visible_to_a_new_connection_at_once_and_after_reopening()
    {
        var path = _dir.DatabasePath();
        using (var journal = SqliteJournal.Open(path, _time))
        {
            await journal.CommitAsync([new FillRecordedRecord(Fill("E1")), new AuditRecordedRecord(Audit("/halt", 1))], CancellationToken.None);

            // A separate connection (as another process would open) sees it before the journal is closed.
            Assert.Equal(1, RawDb.Count(path, "fills"));
            Assert.Equal(1, RawDb.Count(path, "audit"));
        }

        using var reopened = SqliteJournal.Open(path, _time);
        var recovery = await reopened.RecoverAsync(CancellationToken.None);
        Assert.Equal(Fill("E1"), Assert.Single(recovery.Fills));
        Assert.Equal(Audit("/halt", 1), Assert.Single(await reopened.GetAuditAsync(10, CancellationToken.None)));
    }

    [Fact]
    public async Task Files_copied_while_the_journal_is_open_hold_every_commit_as_after_a_crash()
    {
        var path = _dir.DatabasePath();
        var crashCopy = Path.Combine(_dir.Root, "crash", "chatops.db");
        Directory.CreateDirectory(Path.GetDirectoryName(crashCopy)!);
        using (var journal = SqliteJournal.Open(path, _time))
        {
            for (var i = 0; i < 5; i++)
                await journal.CommitAsync([new FillRecordedRecord(Fill($"E{i}"))], CancellationToken.None);

            // What a power cut leaves on disk: the database file and its WAL, never closed or checkpointed.
            File.Copy(path, crashCopy);
            File.Copy(path + "-wal", crashCopy + "-wal");
        }

        using var restarted = SqliteJournal.Open(crashCopy, _time);
        var recovery = await restarted.RecoverAsync(CancellationToken.None);
        Assert.Equal(["E0", "E1", "E2", "E3", "E4"], recovery.Fills.Select(f => f.ExecId));
    }

    [Fact]
    public async Task Concurrent_commits_are_serialized_and_reads_run_alongside()
    {
        const int Writers = 4;
        const int CommitsPerWriter = 40;
        using var journal = SqliteJournal.Open(_dir.DatabasePath(), new ManualTimeProvider(T0));
        using var done = new CancellationTokenSource();
        var readsDone = new int[2];

        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
        {
            var lastCount = 0;
            while (!done.IsCancellationRequested)
            {
                var recovery = await journal.RecoverAsync(CancellationToken.None);
                Assert.True(recovery.Fills.Count >= lastCount, "a reader saw committed fills disappear");
                // Each commit writes a fill and its audit row together: a reader never sees one without the other.
                var audit = await journal.GetAuditAsync(int.MaxValue, CancellationToken.None);
                Assert.True(audit.Count >= recovery.Fills.Count);
                lastCount = recovery.Fills.Count;
                Interlocked.Increment(ref readsDone[r]);
            }

            return Volatile.Read(ref readsDone[r]);
        })).ToArray();

        // Writers keep committing until both readers have read a few times while commits were going on.
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var i = 0;
            while (i < CommitsPerWriter || Volatile.Read(ref readsDone[0]) < 5 || Volatile.Read(ref readsDone[1]) < 5)
            {
                await journal.CommitAsync(
                    [new FillRecordedRecord(Fill($"W{w}-{i}")), new AuditRecordedRecord(Audit($"/w{w}", i))],
                    CancellationToken.None);
                i++;
            }

            return i;
        })).ToArray();

        var commits = await Task.WhenAll(writers);
        await done.CancelAsync();
        var readCounts = await Task.WhenAll(readers);

        Assert.All(readCounts, n => Assert.True(n >= 5));
        var fills = (await journal.RecoverAsync(CancellationToken.None)).Fills;
        Assert.Equal(commits.Sum(), fills.Count);
        Assert.Equal(commits.Sum(), fills.Select(f => f.ExecId).Distinct().Count());
        for (var w = 0; w < Writers; w++)
        {
            // Each writer's own commits are journaled in the order it made them.
            var mine = fills.Where(f => f.ExecId.StartsWith($"W{w}-", StringComparison.Ordinal)).Select(f => f.ExecId);
            Assert.Equal(Enumerable.Range(0, commits[w]).Select(i => $"W{w}-{i}"), mine);
        }
    }
}
