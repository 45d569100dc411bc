using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Simulator.Demo;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>Runs the demo strategy against the embedded paper broker once the engine is ready.</summary>
public sealed class DemoStrategyService(TradingEngine engine, ChatOpsSettings settings, TimeProvider timeProvider, ILogger<DemoStrategy> logger) : BackgroundService
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
        await using var strategy = new DemoStrategy(
            engine,
            engine,
            new DemoStrategyOptions { Symbols = settings.Broker.Symbols, Interval = TimeSpan.FromSeconds(settings.Demo.IntervalSeconds) },
            timeProvider,
            new Random(),
            logger);
        await strategy.StartAsync(stoppingToken);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        await strategy.StopAsync(CancellationToken.None);
    }
}
