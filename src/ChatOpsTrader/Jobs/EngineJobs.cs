using ChatOpsTrader.Engine;
using Quartz;

namespace ChatOpsTrader.Host.Jobs;

/// <summary>Daily reset at the configured exchange time. Posts an input; never changes state itself.</summary>
[DisallowConcurrentExecution]
public sealed class DailyResetJob(TradingEngine engine) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await engine.DailyResetAsync(Actor.System, cancellationToken);
}

/// <summary>Weekly reset (Monday, at the daily reset time).</summary>
[DisallowConcurrentExecution]
public sealed class WeeklyResetJob(TradingEngine engine) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await engine.WeeklyResetAsync(Actor.System, cancellationToken);
}

/// <summary>Periodic reconciliation with the broker (broker is truth).</summary>
[DisallowConcurrentExecution]
public sealed class ReconcileJob(TradingEngine engine) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (engine.Ready.IsCompletedSuccessfully)
            await engine.ReconcileAsync(Actor.System, apply: true, cancellationToken);
    }
}
