using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Core.Alerts;

/// <summary>
/// Decides which alert goes to which channel, and when: dedup with aggregation, routing per severity, quiet hours,
/// rate limits, escalation of an unacknowledged SEV1 and failover between channels. Pure: no I/O, time is passed
/// in. Owned by one loop (the alert delivery loop); not thread-safe.
/// </summary>
/// <remarks>
/// <para>Nothing is dropped: an alert is sent, folded into its key's dedup window, or held by a channel (quiet
/// hours, rate limit, channel down, failed delivery) and sent later in an aggregate or a digest whose
/// <see cref="AlertDispatch.AggregatedCount"/> says how many it stands for.</para>
/// <para>SEV1 is never delayed: the first SEV1 of a key (or one more severe than what its key already sent) goes
/// out at once on every channel that routes it, whatever else is folded or held, ignoring quiet hours and
/// borrowing beyond the rate limit.</para>
/// <para>Call <see cref="Tick"/> about once a second: it closes dedup windows, releases held alerts, escalates and
/// probes down channels. <see cref="Raise"/> does the same due work first, so its result may also carry
/// dispatches of earlier alerts.</para>
/// </remarks>
public sealed partial class AlertPolicy
{
    private const int InFlightMemory = 1024;

    private readonly AlertPolicyOptions _options;
    private readonly AlertWording _words;
    private readonly List<AlertChannelState> _channels;
    private readonly Dictionary<string, KeyWindow> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Escalation> _escalations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _acknowledged = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IReadOnlyList<AlertFold>> _inFlight = new(StringComparer.Ordinal);
    private readonly Queue<string> _inFlightOrder = new();
    private long _sequence;

    /// <summary>Creates the policy.</summary>
    /// <param name="options">Channels, windows and limits; invalid settings throw <see cref="ArgumentException"/> naming the setting.</param>
    /// <param name="calendar">The exchange calendar: quiet hours and the clock times in texts are exchange-local.</param>
    public AlertPolicy(AlertPolicyOptions options, TradingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(calendar);
        if (options.Validate() is { } problem)
            throw new ArgumentException($"Invalid alert policy options: {problem}", nameof(options));
        _options = options;
        Calendar = calendar;
        _words = new AlertWording(calendar);
        _channels = [.. options.Channels.Select(c => new AlertChannelState(c, DateTimeOffset.MinValue))];
    }

    /// <summary>The exchange calendar the policy reads local time from.</summary>
    public TradingCalendar Calendar { get; }

    /// <summary>The channel names, in configuration order.</summary>
    public IReadOnlyList<string> Channels => [.. _channels.Select(c => c.Name)];

    /// <summary>Keys of SEV1 alerts whose escalation is still running (nobody acknowledged them yet).</summary>
    public IReadOnlyList<string> AwaitingAcknowledgement => [.. _escalations.Keys];

    /// <summary>Raised alerts folded into open dedup windows, not sent yet.</summary>
    public int FoldedCount => _windows.Values.Sum(w => w.Pending?.Count ?? 0);

    /// <summary>True while <paramref name="channel"/> counts as down.</summary>
    public bool IsDown(string channel) => Find(channel).IsDown;

    /// <summary>Raised alerts a channel holds back (quiet hours, rate limit, down, failed delivery).</summary>
    public int HeldCount(string channel) => Find(channel).HeldCount;

    /// <summary>
    /// Takes a raised alert: the first of its key goes out at once to every channel that routes its severity (unless
    /// a channel holds it back); later ones within the key's window are folded and sent when it closes.
    /// </summary>
    /// <returns>What to send now, including any work that was due at <paramref name="now"/>.</returns>
    public IReadOnlyList<AlertDispatch> Raise(Alert alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var output = new List<AlertDispatch>();
        RunDue(now, output);
        RaiseCore(alert, now, output);
        return output;
    }

    /// <summary>Closes due dedup windows, escalates unacknowledged SEV1s, releases held alerts and probes down channels.</summary>
    public IReadOnlyList<AlertDispatch> Tick(DateTimeOffset now)
    {
        var output = new List<AlertDispatch>();
        RunDue(now, output);
        return output;
    }

    /// <summary>
    /// Stops the escalation of the SEV1 alerts with this key or incident id (<c>kill-switch</c> or <c>INC-0007</c>).
    /// For one escalation period afterwards a new SEV1 of the same key is not escalated again: someone is on it.
    /// </summary>
    /// <returns>True when a running escalation was stopped.</returns>
    public bool Acknowledge(string keyOrIncidentId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyOrIncidentId);
        var stopped = _escalations.Values.Where(e => Matches(e.Alert, keyOrIncidentId)).ToList();
        _acknowledged[keyOrIncidentId] = now;
        foreach (var escalation in stopped)
        {
            _escalations.Remove(escalation.Alert.Key);
            _acknowledged[escalation.Alert.Key] = now;
        }
        return stopped.Count > 0;
    }

    private static bool Matches(Alert alert, string keyOrIncidentId) =>
        string.Equals(alert.Key, keyOrIncidentId, StringComparison.Ordinal)
        || string.Equals(alert.IncidentId, keyOrIncidentId, StringComparison.OrdinalIgnoreCase);

    private void RunDue(DateTimeOffset now, List<AlertDispatch> output)
    {
        RunEscalations(now, output);
        CloseWindows(now, output);
        foreach (var channel in _channels)
            Release(channel, now, output);
        Probe(now, output);
        foreach (var key in _acknowledged.Where(a => now - a.Value >= _options.EscalateAfter).Select(a => a.Key).ToList())
            _acknowledged.Remove(key);
    }

    private void RaiseCore(Alert alert, DateTimeOffset now, List<AlertDispatch> output)
    {
        if (!_windows.TryGetValue(alert.Key, out var window))
        {
            _windows[alert.Key] = new KeyWindow(now + _options.WindowFor(alert.Key), alert.Severity, alert.Time);
            Route(AlertFold.Of(alert), alert, DispatchReason.New, now, output);
            if (alert.Severity == Severity.Sev1)
                StartEscalation(alert, now);
            return;
        }
        if (alert.Severity < window.SentSeverity)
        {
            // More severe than anything this key sent in the window: it must not wait behind the fold.
            window.SentSeverity = alert.Severity;
            Route(AlertFold.Of(alert), alert, DispatchReason.New, now, output);
            if (alert.Severity == Severity.Sev1)
                StartEscalation(alert, now);
            return;
        }
        window.Pending = window.Pending is null ? AlertFold.Continuing(alert, window.FirstTime) : window.Pending.Add(alert);
    }

    private void CloseWindows(DateTimeOffset now, List<AlertDispatch> output)
    {
        var due = _windows.Where(w => w.Value.Closes <= now).OrderBy(w => w.Value.Closes).ToList();
        foreach (var (key, window) in due)
        {
            if (window.Pending is not { } fold)
            {
                _windows.Remove(key);
                continue;
            }
            // The key is still busy: the next window counts from now, and its aggregate says "more" again.
            window.Pending = null;
            window.FirstTime = fold.Last.Time;
            window.Closes = now + _options.WindowFor(key);
            window.SentSeverity = AlertFold.Worst(window.SentSeverity, fold.Severity);
            Route(fold, Render(fold), DispatchReason.Aggregated, now, output);
        }
    }

    private void Route(AlertFold fold, Alert alert, DispatchReason reason, DateTimeOffset now, List<AlertDispatch> output)
    {
        var delivery = new Delivery(fold, alert, reason, Escalation: false, Everywhere: false);
        foreach (var channel in _channels)
        {
            if (channel.Options.Routes(fold.Severity))
                Offer(channel, delivery, now, output);
        }
    }

    /// <summary>Sends to one channel now, or holds it there, or reroutes it when the channel is down.</summary>
    private void Offer(AlertChannelState channel, Delivery delivery, DateTimeOffset now, List<AlertDispatch> output)
    {
        if (channel.IsDown)
        {
            if (delivery.Fold.Severity <= Severity.Sev2)
                Reroute(channel, delivery, now, output);
            else
                channel.Hold(delivery.Fold, HoldReasons.ChannelDown);
            return;
        }
        if (delivery.Fold.Severity == Severity.Sev1)
        {
            channel.Bucket.Borrow(now);
            Emit(channel, delivery, output);
            return;
        }
        if (IsQuiet(channel, now))
            channel.Hold(delivery.Fold, HoldReasons.QuietHours);
        else if (channel.Held.Count > 0)
            channel.Hold(delivery.Fold, HoldReasons.None); // behind what already waits, never ahead of it
        else if (!channel.Bucket.TryTake(now))
            channel.Hold(delivery.Fold, HoldReasons.RateLimit);
        else
            Emit(channel, delivery, output);
    }

    /// <summary>
    /// A SEV1/SEV2 for a down channel goes to the up channels that do not get it by their own routing. When every
    /// up channel already gets it, nothing more is needed; when no channel is up, the down channel keeps it.
    /// </summary>
    private void Reroute(AlertChannelState from, Delivery delivery, DateTimeOffset now, List<AlertDispatch> output, bool holdIfNowhere = true)
    {
        var covered = false;
        var sent = false;
        foreach (var other in _channels)
        {
            if (ReferenceEquals(other, from) || other.IsDown)
                continue;
            if (delivery.Everywhere || other.Options.Routes(delivery.Fold.Severity))
            {
                covered = true;
                continue;
            }
            Offer(other, delivery with { Reason = DispatchReason.Rerouted }, now, output);
            sent = true;
        }
        if (!covered && !sent && holdIfNowhere)
            from.Hold(delivery.Fold, HoldReasons.ChannelDown);
    }

    private void Release(AlertChannelState channel, DateTimeOffset now, List<AlertDispatch> output)
    {
        if (channel.IsDown || channel.Held.Count == 0)
            return;
        foreach (var fold in channel.TakeHeld(f => f.Severity == Severity.Sev1))
        {
            channel.Bucket.Borrow(now);
            Emit(channel, new Delivery(fold, Render(fold), DispatchReason.Released, false, false), output);
        }
        if (channel.Held.Count == 0 || IsQuiet(channel, now) || !channel.Bucket.TryTake(now))
            return;
        var why = channel.HeldBecause;
        var folds = channel.TakeHeld(_ => true);
        if (folds.Count == 1)
        {
            Emit(channel, new Delivery(folds[0], Render(folds[0]), DispatchReason.Released, false, false), output);
            return;
        }
        var digest = Digest(folds, why, channel.Name);
        Remember(digest.Id, folds);
        output.Add(new AlertDispatch(channel.Name, digest, folds.Sum(f => f.Count), false, DispatchReason.Released)
        {
            AlertIds = [.. folds.SelectMany(f => f.AlertIds)],
        });
    }

    private void Emit(AlertChannelState channel, Delivery delivery, List<AlertDispatch> output)
    {
        if (!delivery.Fold.IsSingle)
            Remember(delivery.Alert.Id, [delivery.Fold]);
        output.Add(new AlertDispatch(channel.Name, delivery.Alert, delivery.Fold.Count, delivery.Escalation, delivery.Reason) { AlertIds = delivery.Fold.AlertIds });
    }

    private bool IsQuiet(AlertChannelState channel, DateTimeOffset now) =>
        channel.Options.QuietHours is { } quiet && quiet.Contains(TimeOnly.FromDateTime(Calendar.ToLocal(now)));

    private Alert Render(AlertFold fold) =>
        fold.IsSingle
            ? fold.Last
            : fold.Last with
            {
                Id = NextId(fold.Last.Id),
                Severity = fold.Severity,
                Title = _words.AggregateTitle(fold),
                Text = _words.AggregateText(fold),
            };

    private Alert Digest(IReadOnlyList<AlertFold> folds, HoldReasons why, string channel)
    {
        var worst = folds.MinBy(f => f.Severity)!;
        var latest = folds.MaxBy(f => f.Last.Time)!;
        var title = AlertWording.DigestTitle(folds.Sum(f => f.Count), folds.Count, AlertWording.Why(why, channel));
        return new Alert(NextId(AlertKeys.Digest), latest.Last.Time, worst.Severity, AlertKeys.Digest, title, _words.DigestText(folds), worst.Last.FirstAction);
    }

    /// <summary>Keeps what an aggregate or digest stood for, so a failed delivery can be folded back whole.</summary>
    private void Remember(string alertId, IReadOnlyList<AlertFold> folds)
    {
        if (!_inFlight.TryAdd(alertId, folds))
            return;
        _inFlightOrder.Enqueue(alertId);
        while (_inFlightOrder.Count > InFlightMemory)
            _inFlight.Remove(_inFlightOrder.Dequeue());
    }

    private string NextId(string baseId) => FormattableString.Invariant($"{baseId}.{++_sequence}");

    private AlertChannelState Find(string channel) =>
        _channels.Find(c => string.Equals(c.Name, channel, StringComparison.Ordinal))
        ?? throw new ArgumentException($"Unknown alert channel '{channel}'; configured: {string.Join(", ", _channels.Select(c => c.Name))}.", nameof(channel));

    /// <summary>One thing to send: the fold it stands for and the alert that says it.</summary>
    private readonly record struct Delivery(AlertFold Fold, Alert Alert, DispatchReason Reason, bool Escalation, bool Everywhere);

    /// <summary>The dedup window of one key.</summary>
    private sealed class KeyWindow(DateTimeOffset closes, Severity sentSeverity, DateTimeOffset firstTime)
    {
        public DateTimeOffset Closes { get; set; } = closes;

        /// <summary>The most severe alert sent for the key in this window.</summary>
        public Severity SentSeverity { get; set; } = sentSeverity;

        /// <summary>Time of the last alert sent for the key: the "more" of the next aggregate counts from it.</summary>
        public DateTimeOffset FirstTime { get; set; } = firstTime;

        public AlertFold? Pending { get; set; }
    }
}
