namespace ChatOpsTrader.Tests.Support;

/// <summary>
/// Moves a <see cref="ManualTimeProvider"/> forward in small steps in the background, so code waiting on fake timers
/// (pacing, backoff, timeouts) runs while real sockets do their work. Fake time runs several times faster than real
/// time; it never jumps, so each timer fires at its own due time.
/// </summary>
public sealed class ClockPump : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ClockPump(ManualTimeProvider clock, TimeSpan? step = null)
    {
        var delta = step ?? TimeSpan.FromMilliseconds(5);
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                clock.Advance(delta);
                try
                {
                    await Task.Delay(1, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
