using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tws.Client;

/// <summary>What the supervisor tells its owner.</summary>
public interface ITwsSupervisorListener
{
    /// <summary>
    /// A connection is ready: resync (positions, open orders, executions since the last seen) and report the
    /// connection up. If this throws, the connection is dropped and retried.
    /// </summary>
    Task OnConnectedAsync(CancellationToken cancellationToken);

    /// <summary>An attempt failed; <paramref name="changed"/> is true when the diagnosis differs from the last one.</summary>
    void OnConnectFailed(TwsDiagnosis diagnosis, bool changed);
}

/// <summary>
/// Keeps the <see cref="TwsClient"/> connected: connect, resync through the listener, wait for the drop, retry with
/// backoff (<see cref="RetryDelay"/>: a short first retry so reconnect and resync fit in 2 s once TWS accepts again,
/// doubling to a cap; error 326 waits <see cref="TwsOptions.ClientIdInUseRetryDelay"/> so TWS is not hammered with
/// an id in use). Every failed attempt is diagnosed by <see cref="TwsConnectionDoctor"/>. Timers come from the
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class TwsConnectionSupervisor : IAsyncDisposable
{
    private readonly TwsClient _client;
    private readonly TimeProvider _time;
    private readonly ITwsSupervisorListener _listener;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TwsDiagnosis? _diagnosis;
    private Task _loop = Task.CompletedTask;
    private int _connects;

    /// <summary>Creates the supervisor; <see cref="Start"/> runs it.</summary>
    public TwsConnectionSupervisor(TwsClient client, TimeProvider timeProvider, ITwsSupervisorListener listener, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(listener);
        _client = client;
        _time = timeProvider;
        _listener = listener;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The doctor's latest verdict (null before the first attempt ends).</summary>
    public TwsDiagnosis? Diagnosis => Volatile.Read(ref _diagnosis);

    /// <summary>Successful connections so far (including resync).</summary>
    public int ConnectCount => Volatile.Read(ref _connects);

    /// <summary>Completes when the first attempt ended, connected and resynced or failed.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    /// <summary>
    /// The delay before the next attempt. <paramref name="failure"/> is null after a drop of a working connection;
    /// <paramref name="consecutiveFailures"/> counts failed attempts since the last good connection.
    /// </summary>
    public static TimeSpan RetryDelay(TwsOptions options, TwsConnectFailure? failure, int consecutiveFailures)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (failure == TwsConnectFailure.ClientIdInUse)
            return options.ClientIdInUseRetryDelay;
        var cap = failure is null or TwsConnectFailure.Refused ? options.ReconnectMaxDelay : options.ReconnectSlowDelay;
        var factor = Math.Pow(2, Math.Clamp(consecutiveFailures, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.ReconnectInitialDelay.Ticks * factor, cap.Ticks));
        return delay < options.ReconnectInitialDelay ? options.ReconnectInitialDelay : delay;
    }

    /// <summary>Starts the loop (once).</summary>
    public void Start()
    {
        if (!_loop.IsCompleted || _stop.IsCancellationRequested)
            throw new InvalidOperationException("The supervisor is already running or stopped.");
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Stops retrying and disconnects.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await _client.DisconnectAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            TwsConnectFailure? failure;
            var failed = true;
            try
            {
                await _client.ConnectAsync(stop);
                await _listener.OnConnectedAsync(stop);
                failures = 0;
                Interlocked.Increment(ref _connects);
                Volatile.Write(ref _diagnosis, TwsConnectionDoctor.Healthy(_client.Options, _client.ManagedAccounts));
                _firstAttempt.TrySetResult();
                string reason;
                try
                {
                    reason = await _client.WhenDisconnected().WaitAsync(stop);
                }
                catch (TwsNotConnectedException)
                {
                    reason = "lost during resync";
                }

                Log.ConnectionLost(_logger, _client.Options.Endpoint, reason);
                failure = null;
                failed = false;
            }
            catch (TwsConnectException ex)
            {
                failure = ex.Failure;
                Report(TwsConnectionDoctor.Diagnose(_client.Options, ex.Failure, ex.Message, ex.ManagedAccounts));
            }
            catch (Exception ex) when (!stop.IsCancellationRequested && ex is not OperationCanceledException)
            {
                // The resync failed (connection lost under it, a timeout, TWS refusing a request): start over.
                Log.ResyncFailed(_logger, ex.Message);
                await _client.DisconnectAsync();
                failure = null; // quick retries, counted as failures so they back off to the cap
                _firstAttempt.TrySetResult();
            }

            var delay = RetryDelay(_client.Options, failure, failures);
            if (failed)
                failures++;
            Log.RetryIn(_logger, (long)delay.TotalMilliseconds, failures);
            await Task.Delay(delay, _time, stop);
        }
    }

    private void Report(TwsDiagnosis diagnosis)
    {
        var previous = Interlocked.Exchange(ref _diagnosis, diagnosis);
        var changed = previous is null || previous.Code != diagnosis.Code || previous.Text != diagnosis.Text;
        if (changed)
            Log.ConnectFailed(_logger, _client.Options.Endpoint, diagnosis.Code, diagnosis.Text);
        try
        {
            _listener.OnConnectFailed(diagnosis, changed);
        }
        finally
        {
            _firstAttempt.TrySetResult();
        }
    }
}
