using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>Runs the engine loop for the lifetime of the host, and its one-second housekeeping tick.</summary>
public sealed partial class EngineService(TradingEngine engine, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<EngineService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var run = engine.RunAsync(stoppingToken);
        var tick = TickAsync(stoppingToken);
        try
        {
            await run;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The engine is the safety core: without it nothing may trade. Stop the process loudly.
            LogEngineCrashed(logger, ex);
            lifetime.StopApplication();
        }
        await tick;
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                engine.Tick();
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Critical, Message = "The engine stopped unexpectedly; stopping the process")]
    private static partial void LogEngineCrashed(ILogger logger, Exception ex);
}
