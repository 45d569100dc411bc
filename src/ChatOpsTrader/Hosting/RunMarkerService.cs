using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>The last log lines of the previous run, read at start before this run writes any.</summary>
public sealed record PreviousRunLog(IReadOnlyList<string> Lines)
{
    /// <summary>The last <paramref name="count"/> lines of the newest log file in <paramref name="logDirectory"/>.</summary>
    public static PreviousRunLog Read(string logDirectory, int count = 20)
    {
        try
        {
            if (!Directory.Exists(logDirectory))
                return new PreviousRunLog([]);
            var newest = new DirectoryInfo(logDirectory).GetFiles("chatops-*.log").OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault();
            if (newest is null)
                return new PreviousRunLog([]);
            using var stream = new FileStream(newest.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var lines = new Queue<string>();
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                lines.Enqueue(line);
                if (lines.Count > count)
                    lines.Dequeue();
            }
            return new PreviousRunLog([.. lines]);
        }
        catch (IOException)
        {
            return new PreviousRunLog([]);
        }
    }
}

/// <summary>
/// Crash detection: the engine keeps a run marker in the journal. A marker left "running" means the previous run
/// never recorded its shutdown (crash, SIGKILL, power loss): raise a SEV1 with its last log lines. A clean stop
/// records "stopped".
/// </summary>
public sealed class RunMarkerService(TradingEngine engine, PreviousRunLog previousLog, IHostApplicationLifetime lifetime, TimeProvider timeProvider) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            try
            {
                engine.MarkCleanShutdownAsync(CancellationToken.None).Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The engine is already gone: the next start will report an unclean stop, which is the truth.
            }
        });

        try
        {
            await engine.Ready.WaitAsync(stoppingToken);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            return;
        }
        if (engine.PreviousRunUnclean is not { } marker)
            return;
        var tail = previousLog.Lines.Count == 0 ? "(no log lines found)" : string.Join('\n', previousLog.Lines);
        engine.Raise(new Alert(Guid.NewGuid().ToString("N"), timeProvider.GetUtcNow(), Severity.Sev1, AlertKeys.Crash,
            "Bot crash detected: the previous run ended uncleanly",
            $"The previous run ({marker}) never recorded its shutdown. Positions were reconciled with the broker at start. Last log lines:\n{tail}",
            "Check that protective (bracket) orders are still at the broker (/orders, /positions); read the crash reason in data/logs; if it keeps crashing, pause the strategy involved."));
    }
}
