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

    /// <param name="clock">The fake clock.</param>
    /// <param name="step">Fake time per step.</param>
    /// <param name="canAdvance">When given, the clock moves only while it returns true (e.g. once the peer has read
    /// everything sent, so arrival stamps equal send times whatever the machine's load).</param>
    public ClockPump(ManualTimeProvider clock, TimeSpan? step = null, Func<bool>? canAdvance = null)
    {
        var delta = step ?? TimeSpan.FromMilliseconds(5);
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                if (canAdvance?.Invoke() ?? true)
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
