namespace ChatOpsTrader.Chat.Discord;

/// <summary>A problem of the Discord transport worth telling a person about (on another channel).</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Kind">Short key: <c>unauthorized</c>, <c>gateway-closed-4004</c>, <c>identify-budget</c>, <c>registration</c>…</param>
/// <param name="Message">What happened and what to do, in words. Never contains the token.</param>
/// <param name="Fatal">True when the transport stopped for good (until the configuration is fixed and the host restarted).</param>
public sealed record DiscordProblem(DateTimeOffset Time, string Kind, string Message, bool Fatal);

/// <summary>
/// Shared state of the Discord transport: whether it stopped for good, and a hook for problems. The REST client,
/// the gateway and the transport report here; the alert channel reads <see cref="IsStopped"/>. Thread-safe.
/// </summary>
public sealed class DiscordHealth : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopped = new();
    private readonly List<Action<DiscordProblem>> _listeners = [];
    private DiscordProblem? _last;
    private DiscordProblem? _stopReason;

    /// <summary>
    /// Called for every problem (fatal or not), from the thread that found it. The host can use it for health
    /// checks; <see cref="DiscordServiceCollectionExtensions.AddDiscordTransport"/> already raises an alert through
    /// the notifier. Exceptions thrown by the callback are swallowed.
    /// </summary>
    public Action<DiscordProblem>? OnProblem { get; set; }

    /// <summary>True once a fatal problem stopped the transport (bad token, fatal close code).</summary>
    public bool IsStopped => _stopped.IsCancellationRequested;

    /// <summary>The fatal problem that stopped the transport, if any.</summary>
    public DiscordProblem? StopReason
    {
        get
        {
            lock (_lock)
                return _stopReason;
        }
    }

    /// <summary>The latest problem reported.</summary>
    public DiscordProblem? LastProblem
    {
        get
        {
            lock (_lock)
                return _last;
        }
    }

    /// <summary>Cancelled when the transport stops for good.</summary>
    public CancellationToken Stopped => _stopped.Token;

    /// <summary>Records a problem; a fatal one stops the transport. Only the first fatal problem is reported.</summary>
    public void Report(DiscordProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        lock (_lock)
        {
            if (_stopReason is not null)
                return;
            _last = problem;
            if (problem.Fatal)
                _stopReason = problem;
        }
        Action<DiscordProblem>[] listeners;
        lock (_lock)
            listeners = [.. _listeners];
        foreach (var hook in listeners.Append(OnProblem))
        {
            try
            {
                hook?.Invoke(problem);
            }
            catch (Exception)
            {
                // A broken hook must not break the transport.
            }
        }
        if (problem.Fatal)
        {
            try
            {
                _stopped.Cancel();
            }
            catch (AggregateException)
            {
                // Registrations run on cancel; their failures are not ours to surface here.
            }
        }
    }

    /// <summary>Adds a listener besides <see cref="OnProblem"/> (the transport forwards problems to the notifier).</summary>
    internal void Subscribe(Action<DiscordProblem> listener)
    {
        lock (_lock)
            _listeners.Add(listener);
    }

    /// <inheritdoc />
    public void Dispose() => _stopped.Dispose();
}
