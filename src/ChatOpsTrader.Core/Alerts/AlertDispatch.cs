namespace ChatOpsTrader.Core.Alerts;

/// <summary>One message the <see cref="AlertPolicy"/> decided to send to one channel.</summary>
/// <param name="Channel">The channel name (<c>telegram</c>, <c>discord</c>, <c>log</c>).</param>
/// <param name="Alert">What to send. For an aggregate or a digest this is a new alert whose text names the counts and the last one.</param>
/// <param name="AggregatedCount">
/// How many raised alerts this message stands for on this channel (1 for a single alert). Adding the counts of a
/// channel's non-escalation dispatches gives every alert routed to it: nothing is dropped, only folded.
/// Probes carry 0.
/// </param>
/// <param name="IsEscalation">True for the repeat of an unacknowledged SEV1.</param>
/// <param name="Reason">Why it goes out now.</param>
public sealed record AlertDispatch(string Channel, Alert Alert, int AggregatedCount, bool IsEscalation, DispatchReason Reason = DispatchReason.New)
{
    /// <summary>
    /// The ids of the raised alerts this message carries (<see cref="AggregatedCount"/> of them; the original's id
    /// for an escalation, the policy's own alert id for its notices, none for a probe). Once the message is
    /// delivered, the outbox can mark them delivered on <see cref="Channel"/>; alerts a crash caught still folded or
    /// held are the ones not marked, and raising them again after the restart loses nothing.
    /// </summary>
    public IReadOnlyList<string> AlertIds { get; init; } = [];
}
