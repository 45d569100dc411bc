using ChatOpsTrader.Core.Incidents;

namespace ChatOpsTrader.Core.Alerts;

public sealed partial class AlertPolicy
{
    /// <summary>
    /// A dispatch could not be delivered (after the transport's own quick retries). The alerts it stood for are kept:
    /// held for another try on the same channel, or, once the channel is down, SEV1/SEV2 rerouted to the other
    /// channels and the rest held until it is back. After <see cref="AlertPolicyOptions.FailuresBeforeDown"/> failures
    /// in a row the channel is down and one SEV2 "alert channel down" alert goes to the others.
    /// </summary>
    /// <returns>What to send now (reroutes and the channel-down alert).</returns>
    public IReadOnlyList<AlertDispatch> ReportFailure(AlertDispatch dispatch, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        var channel = Find(dispatch.Channel);
        var output = new List<AlertDispatch>();
        channel.ConsecutiveFailures++;
        if (!channel.IsDown && channel.ConsecutiveFailures >= _options.FailuresBeforeDown)
            GoDown(channel, dispatch, now, output);
        if (dispatch.Reason == DispatchReason.Probe)
            return output; // a check message stands for no alert
        var folds = FoldsOf(dispatch);
        foreach (var fold in folds)
        {
            if (!channel.IsDown)
            {
                // A SEV1 does not wait for the channel to be declared down: the other channels get it now, and this
                // one gets it again when it works.
                if (fold.Severity == Severity.Sev1)
                    Reroute(channel, new Delivery(fold, folds.Count == 1 ? dispatch.Alert : Render(fold), DispatchReason.Rerouted, dispatch.IsEscalation, false), now, output, holdIfNowhere: false);
                channel.Hold(fold, HoldReasons.Retry);
            }
            else if (fold.Severity <= Severity.Sev2)
                Reroute(channel, new Delivery(fold, folds.Count == 1 ? dispatch.Alert : Render(fold), DispatchReason.Rerouted, dispatch.IsEscalation, false), now, output);
            else
                channel.Hold(fold, HoldReasons.ChannelDown);
        }
        return output;
    }

    /// <summary>
    /// A delivery to <paramref name="channel"/> worked. A down channel is up again: what it held goes out as a digest,
    /// then an "alert channel restored" alert (SEV3) to every channel that routes it.
    /// </summary>
    /// <returns>What to send now.</returns>
    public IReadOnlyList<AlertDispatch> ReportSuccess(string channel, DateTimeOffset now)
    {
        var state = Find(channel);
        var output = new List<AlertDispatch>();
        state.ConsecutiveFailures = 0;
        if (!state.IsDown)
        {
            Release(state, now, output);
            return output;
        }
        var since = state.DownSince ?? now;
        state.IsDown = false;
        state.DownSince = null;
        Release(state, now, output);
        var restored = new Alert(NextId("alert-channel"), now, Severity.Sev3, AlertKeys.AlertChannelRestoredPrefix + state.Name,
            $"Alert channel restored: {state.Name}",
            $"{state.Name} works again after {AlertWording.Span(now - since)} down. What it missed was sent to it as one digest.",
            "Nothing to do. Resolve the alert-channel incident when you are satisfied (/resolve <incident> <note>).");
        RaiseCore(restored, now, output);
        return output;
    }

    private void GoDown(AlertChannelState channel, AlertDispatch failed, DateTimeOffset now, List<AlertDispatch> output)
    {
        channel.IsDown = true;
        channel.DownSince = now;
        channel.LastProbe = now;
        foreach (var fold in channel.TakeHeld(f => f.Severity <= Severity.Sev2))
            Reroute(channel, new Delivery(fold, Render(fold), DispatchReason.Rerouted, false, false), now, output);
        if (channel.Held.Count > 0)
            channel.HeldBecause |= HoldReasons.ChannelDown;
        var others = _channels.Where(c => !c.IsDown).Select(c => c.Name).ToList();
        var where = others.Count == 0 ? "no other channel (every channel is down)" : string.Join(", ", others);
        var down = new Alert(NextId("alert-channel"), now, Severity.Sev2, AlertKeys.AlertChannelDownPrefix + channel.Name,
            $"Alert channel down: {channel.Name}",
            FormattableString.Invariant($"{channel.ConsecutiveFailures} deliveries to {channel.Name} failed in a row (last: {failed.Alert.Title}). Until it works again its SEV1/SEV2 alerts go to {where}; the rest is kept and sent to it when it is back."),
            "Test it with /test_notify; check the bot token or webhook and the network. Alerts keep flowing on the other channels.")
        {
            IncidentType = IncidentType.NotificationFailure,
        };
        RaiseCore(down, now, output);
    }

    private void Probe(DateTimeOffset now, List<AlertDispatch> output)
    {
        foreach (var channel in _channels)
        {
            if (!channel.IsDown || now - channel.LastProbe < _options.ProbeInterval)
                continue;
            channel.LastProbe = now;
            var since = channel.DownSince ?? now;
            var probe = new Alert(NextId("probe"), now, Severity.Sev3, AlertKeys.AlertChannelProbePrefix + channel.Name, "Alert channel check",
                FormattableString.Invariant($"{channel.Name} has failed {channel.ConsecutiveFailures} deliveries in a row since {_words.Clock(since)}. If you can read this it works again; the alerts it missed follow."),
                "Nothing to do if you can read this.");
            output.Add(new AlertDispatch(channel.Name, probe, 0, false, DispatchReason.Probe));
        }
    }

    private IReadOnlyList<AlertFold> FoldsOf(AlertDispatch dispatch) =>
        _inFlight.TryGetValue(dispatch.Alert.Id, out var folds)
            ? folds
            : [new AlertFold(dispatch.Alert.Key, Math.Max(1, dispatch.AggregatedCount), dispatch.Alert, dispatch.Alert.Time, dispatch.Alert.Severity, false, [.. dispatch.AlertIds])];
}
