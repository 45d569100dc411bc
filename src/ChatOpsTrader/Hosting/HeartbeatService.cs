using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Configuration;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>Pings <c>Monitoring:HeartbeatUrl</c> every interval while the engine runs, so an outside monitor notices when the bot is gone.</summary>
public sealed partial class HeartbeatService(TradingEngine engine, ChatOpsSettings settings, IHttpClientFactory httpClients, TimeProvider timeProvider, ILogger<HeartbeatService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(settings.Monitoring.HeartbeatUrl))
            return;
        var url = new Uri(settings.Monitoring.HeartbeatUrl);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Monitoring.HeartbeatIntervalSeconds), timeProvider);
        var failures = 0;
        do
        {
            if (!engine.Ready.IsCompletedSuccessfully || !engine.Snapshot.Running)
                continue;
            try
            {
                using var client = httpClients.CreateClient("heartbeat");
                client.Timeout = TimeSpan.FromSeconds(10);
                using var response = await client.GetAsync(url, stoppingToken);
                response.EnsureSuccessStatusCode();
                failures = 0;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                // Only the host is named: a heartbeat URL may carry a secret in its path or query.
                if (++failures is 1 or 10)
                    LogHeartbeatFailed(logger, url.Host, failures, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 330, Level = LogLevel.Warning, Message = "Heartbeat to {Host} failed ({Failures} in a row): {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string host, int failures, string reason);
}
