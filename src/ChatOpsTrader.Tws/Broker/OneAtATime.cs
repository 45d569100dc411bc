namespace ChatOpsTrader.Tws.Broker;

/// <summary>
/// One run at a time of a periodic request (poll, ping): a timer tick that finds the previous run still going is
/// skipped, never queued. The work handles its own expected failures.
/// </summary>
internal sealed class OneAtATime
{
    private int _busy;

    /// <summary>Starts <paramref name="work"/> unless a run is in progress; does not wait for it.</summary>
    public void Run(Func<Task> work)
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
            return;
        _ = RunAsync(work);
    }

    private async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }
}
