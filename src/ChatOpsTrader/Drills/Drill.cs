namespace ChatOpsTrader.Host.Drills;

/// <summary>
/// One of the seeds' drills as a script: start the bot with the drill's settings, inject the fault, watch what the
/// bot does, and check it against the expected behaviour.
/// </summary>
public abstract class Drill : IAsyncDisposable
{
    /// <summary>The name on the command line (<c>drill kill-switch</c>).</summary>
    public abstract string Name { get; }

    /// <summary>What is injected, in one sentence.</summary>
    public abstract string Injects { get; }

    /// <summary>What the bot must do, in one sentence.</summary>
    public abstract string Expected { get; }

    /// <summary>The longest the drill may take before it fails.</summary>
    public virtual TimeSpan TimeLimit => TimeSpan.FromSeconds(60);

    /// <summary>Settings on top of the embedded default (environment-variable form: <c>Risk__DailyLossLimit</c>).</summary>
    public virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Starts what the drill needs besides the bot (e.g. a stand-in chat API); called before <see cref="Settings"/> is read.</summary>
    public virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Runs the script against a started bot.</summary>
    public abstract Task RunAsync(DrillSession session);

    /// <summary>Stops what <see cref="PrepareAsync"/> started.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
