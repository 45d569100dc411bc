using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Storage;
using Quartz;

namespace ChatOpsTrader.Host.Jobs;

/// <summary>
/// Nightly online backup of the journal into <c>data/backups</c>, verified with an integrity check, with retention.
/// A failure is an alert; the backup never touches trading state.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class BackupJob(TradingEngine engine, ChatOpsSettings settings, TimeProvider timeProvider, ILogger<BackupJob> logger) : IJob
{
    /// <inheritdoc />
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        Run();
        return ValueTask.CompletedTask;
    }

    /// <summary>Takes a backup now; returns it, or null after raising an alert.</summary>
    public BackupResult? Run()
    {
        var directory = Directory(settings);
        try
        {
            var result = SqliteBackup.Create(settings.Storage.Path, directory, timeProvider.GetUtcNow(), settings.Backup.Keep);
            LogBackupDone(logger, result.Path, result.Bytes, result.Deleted.Count);
            return result;
        }
        catch (Exception ex) when (ex is JournalException or IOException or UnauthorizedAccessException)
        {
            engine.Raise(new Alert(Guid.NewGuid().ToString("N"), timeProvider.GetUtcNow(), Severity.Sev3, AlertKeys.Backup, "Backup failed",
                $"The nightly backup of {settings.Storage.Path} into {directory} failed: {ex.Message}",
                "Check disk space and permissions of the backup folder; run a backup by hand before the next trading day."));
            return null;
        }
    }

    /// <summary>True when the newest backup is older than a day (a nightly run was missed while the process was down).</summary>
    public static bool IsOverdue(ChatOpsSettings settings, DateTimeOffset now)
    {
        var newest = SqliteBackup.List(Directory(settings)).FirstOrDefault();
        return newest is null || now.UtcDateTime - File.GetLastWriteTimeUtc(newest) > TimeSpan.FromHours(24);
    }

    private static string Directory(ChatOpsSettings settings) =>
        settings.Backup.Directory ?? Path.Combine(ServiceRegistration.DataDirectory(settings), "backups");

    [LoggerMessage(EventId = 340, Level = LogLevel.Information, Message = "Backup written to {Path} ({Bytes} bytes, verified); {Deleted} old backup(s) removed")]
    private static partial void LogBackupDone(ILogger logger, string path, long bytes, int deleted);
}

/// <summary>Runs a backup at start when the nightly one was missed while the process was down.</summary>
public sealed class MissedBackupService(TradingEngine engine, BackupJob job, ChatOpsSettings settings, TimeProvider timeProvider) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await engine.Ready.WaitAsync(stoppingToken);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            return;
        }
        if (BackupJob.IsOverdue(settings, timeProvider.GetUtcNow()))
            await Task.Run(job.Run, stoppingToken);
    }
}
