using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ChatOpsTrader.Host.Drills;

/// <summary>
/// One run of a drill: the bot, a stopwatch started at the injection, and the report being written. Drill scripts
/// call <see cref="Inject"/>, then <see cref="WaitForAsync"/> for what the bot must do, then <see cref="Check"/>.
/// </summary>
public sealed class DrillSession(DrillHost bot, CancellationToken cancellationToken)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<DrillEvent> _events = [];
    private readonly List<DrillCheck> _checks = [];
    private TimeSpan? _injectedAt;

    /// <summary>The bot under drill.</summary>
    public DrillHost Bot { get; } = bot;

    /// <summary>Cancelled when the drill's time is up.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>What happened, in order.</summary>
    public IReadOnlyList<DrillEvent> Events => _events;

    /// <summary>The expectations and whether each held.</summary>
    public IReadOnlyList<DrillCheck> Checks => _checks;

    /// <summary>Time from the (first) injection to the bot's detection, when it detected.</summary>
    public TimeSpan? DetectedAfter { get; private set; }

    /// <summary>Time from the injection (or the fix) to the bot's recovery, when it recovered.</summary>
    public TimeSpan? RecoveredAfter { get; private set; }

    /// <summary>Time since the session began.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Records a step of the drill script.</summary>
    public void Note(string what) => _events.Add(new DrillEvent(_clock.Elapsed, "step", what));

    /// <summary>Records the fault as injected now; detection and recovery times count from here.</summary>
    public void Inject(string what)
    {
        _injectedAt ??= _clock.Elapsed;
        _events.Add(new DrillEvent(_clock.Elapsed, "inject", what));
    }

    /// <summary>Records the bot's detection now (the first one counts).</summary>
    public void Detected(string what)
    {
        DetectedAfter ??= _clock.Elapsed - (_injectedAt ?? TimeSpan.Zero);
        _events.Add(new DrillEvent(_clock.Elapsed, "detected", what));
    }

    /// <summary>Records the recovery now, counted from <paramref name="since"/> (default: the injection).</summary>
    public void Recovered(string what, TimeSpan? since = null)
    {
        RecoveredAfter ??= _clock.Elapsed - (since ?? _injectedAt ?? TimeSpan.Zero);
        _events.Add(new DrillEvent(_clock.Elapsed, "recovered", what));
    }

    /// <summary>Records an expectation.</summary>
    public bool Check(bool passed, string expectation, string? actual = null)
    {
        _checks.Add(new DrillCheck(expectation, passed, actual));
        return passed;
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a value (not null) or <paramref name="timeout"/> passes;
    /// records the expectation either way and returns the value (null on timeout).
    /// </summary>
    public async Task<T?> WaitForAsync<T>(string expectation, TimeSpan timeout, Func<CancellationToken, Task<T?>> probe)
        where T : class
    {
        var start = _clock.Elapsed;
        string? lastProblem = null;
        while (_clock.Elapsed - start < timeout)
        {
            CancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await probe(CancellationToken) is { } value)
                {
                    Check(true, expectation, $"after {Ms(_clock.Elapsed - start)}");
                    return value;
                }
            }
            catch (Exception e) when (e is HttpRequestException or DrillStepException or JsonException or TaskCanceledException && !CancellationToken.IsCancellationRequested)
            {
                lastProblem = e.Message;
            }
            await Task.Delay(50, CancellationToken);
        }
        Check(false, expectation, $"not within {Ms(timeout)}" + (lastProblem is null ? string.Empty : $" (last: {lastProblem})"));
        return null;
    }

    /// <summary>The bot's <c>/api/status</c>.</summary>
    public Task<JsonElement> StatusAsync() => Bot.GetAsync("/api/status", CancellationToken);

    /// <summary>The alerts the bot raised (newest first).</summary>
    public async Task<IReadOnlyList<DrillAlert>> AlertsAsync()
    {
        var json = await Bot.GetAsync("/api/alerts", CancellationToken);
        return [.. json.EnumerateArray().Select(DrillAlert.From)];
    }

    /// <summary>The bot's incidents.</summary>
    public async Task<IReadOnlyList<JsonElement>> IncidentsAsync() =>
        [.. (await Bot.GetAsync("/api/incidents", CancellationToken)).EnumerateArray()];

    /// <summary>The trading state now.</summary>
    public async Task<string> StateAsync() => (await StatusAsync()).GetProperty("state").GetString() ?? "?";

    /// <summary>Milliseconds, for the report.</summary>
    public static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}

/// <summary>One line of a drill's timeline.</summary>
public sealed record DrillEvent(TimeSpan At, string Kind, string What);

/// <summary>One expectation of a drill.</summary>
public sealed record DrillCheck(string Expectation, bool Passed, string? Actual);

/// <summary>An alert as the bot's API reports it.</summary>
public sealed record DrillAlert(string Id, DateTimeOffset Time, string Severity, string Key, string Title, string? IncidentId)
{
    /// <summary>Reads one element of <c>GET /api/alerts</c>.</summary>
    public static DrillAlert From(JsonElement e) => new(
        e.GetProperty("id").GetString() ?? string.Empty,
        e.GetProperty("time").GetDateTimeOffset(),
        e.GetProperty("severity").GetString() ?? string.Empty,
        e.GetProperty("key").GetString() ?? string.Empty,
        e.GetProperty("title").GetString() ?? string.Empty,
        e.TryGetProperty("incidentId", out var incident) ? incident.GetString() : null);

    /// <inheritdoc />
    public override string ToString() => $"{Severity} {Title}";
}
