namespace ChatOpsTrader.Core.Alerts;

public sealed partial class AlertPolicy
{
    private void StartEscalation(Alert alert, DateTimeOffset now)
    {
        if (_escalations.ContainsKey(alert.Key) || RecentlyAcknowledged(alert, now))
            return;
        _escalations[alert.Key] = new Escalation(alert, now, [.. _channels.Where(c => c.Options.Routes(Severity.Sev1))]);
    }

    private bool RecentlyAcknowledged(Alert alert, DateTimeOffset now)
    {
        if (_acknowledged.TryGetValue(alert.Key, out var at) && now - at < _options.EscalateAfter)
            return true;
        return alert.IncidentId is { } id && _acknowledged.TryGetValue(id, out at) && now - at < _options.EscalateAfter;
    }

    /// <summary>
    /// First the same channels again after <see cref="AlertPolicyOptions.EscalateAfter"/>, then every channel after
    /// <see cref="AlertPolicyOptions.EscalateEverywhereAfter"/> more; then the escalation ends. A tick so late that
    /// both are due sends only the second.
    /// </summary>
    private void RunEscalations(DateTimeOffset now, List<AlertDispatch> output)
    {
        foreach (var escalation in _escalations.Values.OrderBy(e => e.RaisedAt).ToList())
        {
            var repeatAt = escalation.RaisedAt + _options.EscalateAfter;
            var everywhereAt = repeatAt + _options.EscalateEverywhereAfter;
            if (now >= everywhereAt)
            {
                _escalations.Remove(escalation.Alert.Key);
                Escalate(escalation, _channels, everywhere: true, now, output);
            }
            else if (now >= repeatAt && !escalation.Repeated)
            {
                escalation.Repeated = true;
                Escalate(escalation, escalation.Channels, everywhere: false, now, output);
            }
        }
    }

    private void Escalate(Escalation escalation, IReadOnlyList<AlertChannelState> channels, bool everywhere, DateTimeOffset now, List<AlertDispatch> output)
    {
        var original = escalation.Alert;
        var ack = original.IncidentId ?? original.Key;
        var alert = original with
        {
            Id = NextId(original.Id),
            Title = $"UNACKNOWLEDGED for {AlertWording.Span(now - escalation.RaisedAt)}: {original.Title}",
            Text = $"{original.Text}\nNobody has acknowledged this SEV1 yet. Acknowledge with /ack {ack} to stop the repeats."
                + (everywhere ? " This is the last repeat, sent to every channel." : string.Empty),
        };
        // The repeat stands for the original alert: a failed repeat is retried under the original's id.
        var fold = AlertFold.Of(alert) with { AlertIds = [original.Id] };
        var delivery = new Delivery(fold, alert, DispatchReason.Escalated, Escalation: true, Everywhere: everywhere);
        foreach (var channel in channels)
            Offer(channel, delivery, now, output);
    }

    /// <summary>A SEV1 nobody has acknowledged yet.</summary>
    private sealed class Escalation(Alert alert, DateTimeOffset raisedAt, IReadOnlyList<AlertChannelState> channels)
    {
        public Alert Alert { get; } = alert;

        public DateTimeOffset RaisedAt { get; } = raisedAt;

        /// <summary>The channels the SEV1 was routed to: the repeat goes to the same ones.</summary>
        public IReadOnlyList<AlertChannelState> Channels { get; } = channels;

        public bool Repeated { get; set; }
    }
}
