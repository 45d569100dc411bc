using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Hosting;
using Quartz;

namespace ChatOpsTrader.Host.Jobs;

/// <summary>
/// The daily summary after the close, on trading days only (weekends and configured holidays are skipped), to the log
/// and every alert channel. It is a report, not an alert: it goes straight to the channels, not through dedup.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class DailySummaryJob(TradingEngine engine, CommandRouter router, LogNotifier log, IEnumerable<IAlertChannel> channels, TimeProvider timeProvider, ILogger<DailySummaryJob> logger) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var calendar = engine.Options.Calendar;
        if (!calendar.IsTradingDay(DateOnly.FromDateTime(calendar.ToLocal(now))))
            return;
        await SendAsync(cancellationToken);
    }

    /// <summary>Builds the summary and sends it everywhere; returns the channels that took it.</summary>
    public async Task<IReadOnlyList<string>> SendAsync(CancellationToken cancellationToken)
    {
        var reply = await router.BuildDailySummaryAsync(cancellationToken);
        var summary = new Alert(Guid.NewGuid().ToString("N"), timeProvider.GetUtcNow(), Severity.Sev4, "daily-summary", reply.Title, reply.ToText(), "None: the daily report.");
        log.Notify(summary);
        var delivered = new List<string> { "log" };
        foreach (var channel in channels.Where(c => c.IsEnabled))
        {
            var result = await channel.DeliverAsync(summary, cancellationToken);
            if (result.Delivered)
                delivered.Add(channel.Name);
            else
                LogSummaryFailed(logger, channel.Name, result.Detail);
        }
        return delivered;
    }

    [LoggerMessage(EventId = 350, Level = LogLevel.Warning, Message = "The daily summary could not be delivered to {Channel}: {Detail}")]
    private static partial void LogSummaryFailed(ILogger logger, string channel, string detail);
}
