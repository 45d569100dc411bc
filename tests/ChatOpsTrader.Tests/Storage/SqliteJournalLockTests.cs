using System.Diagnostics;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Storage;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Storage;

public sealed class SqliteJournalLockTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new(Samples.T0);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_second_open_of_the_same_database_is_refused_and_the_first_keeps_working()
    {
        var path = Path.GetFullPath(_dir.DatabasePath());
        using var first = SqliteJournal.Open(path, _time);

        var ex = Assert.Throws<JournalLockedException>(() => SqliteJournal.Open(path, _time));
        Assert.IsAssignableFrom<JournalException>(ex);
        Assert.Equal(path, ex.Path);
        Assert.Equal($"another ChatOpsTrader process is using {path} (lock file {path}.lock); stop it first", ex.Message);

        // The same file under another spelling is the same lock.
        var otherSpelling = Path.Combine(_dir.Root, "data", ".", "..", "data", "chatops.db");
        Assert.Throws<JournalLockedException>(() => SqliteJournal.Open(otherSpelling, _time));

        await first.CommitAsync([new FillRecordedRecord(Samples.Fill("E1"))], CancellationToken.None);
        var recovery = await first.RecoverAsync(CancellationToken.None);
        Assert.Equal("E1", Assert.Single(recovery.Fills).ExecId);
    }

    [Fact]
    public async Task After_dispose_the_database_opens_again_with_its_data()
    {
        var path = _dir.DatabasePath();
        var first = SqliteJournal.Open(path, _time);
        await first.CommitAsync([new SettingRecord("paused", "momentum")], CancellationToken.None);
        first.Dispose();
        first.Dispose(); // idempotent

        using var second = SqliteJournal.Open(path, _time);
        var recovery = await second.RecoverAsync(CancellationToken.None);
        Assert.Equal("momentum", recovery.Settings["paused"]);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.CommitAsync([new SettingRecord("a", "b")], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.RecoverAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public void The_lock_is_an_os_lock_seen_by_other_processes()
    {
        if (!OperatingSystem.IsLinux())
            return; // flock(1) is the other process; the in-process test above covers the other platforms.

        var path = _dir.DatabasePath();
        using (SqliteJournal.Open(path, _time))
            Assert.Equal(42, TryLockInAnotherProcess(path + ".lock"));

        Assert.Equal(0, TryLockInAnotherProcess(path + ".lock"));
    }

    private static int TryLockInAnotherProcess(string lockPath)
    {
        // util-linux flock: -n fails at once when the lock is held, -E sets that exit code.
        var start = new ProcessStartInfo("flock") { ArgumentList = { "-n", "-E", "42", lockPath, "true" } };
        using var process = Process.Start(start)!;
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        return process.ExitCode;
    }
}
