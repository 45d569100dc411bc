namespace ChatOpsTrader.Core.Alerts;

/// <summary>Why the <see cref="AlertPolicy"/> sends a dispatch now.</summary>
public enum DispatchReason
{
    /// <summary>The first alert of its key in the dedup window (or one more severe than what was sent), sent at once.</summary>
    New,

    /// <summary>The dedup window closed: the alerts folded into it go out as one aggregate.</summary>
    Aggregated,

    /// <summary>Alerts held by quiet hours, the rate limit, a down channel or a failed delivery, released together.</summary>
    Released,

    /// <summary>The repeat of an unacknowledged SEV1.</summary>
    Escalated,

    /// <summary>A SEV1/SEV2 alert whose channel is down, sent to another channel instead.</summary>
    Rerouted,

    /// <summary>A check message sent to a down channel to find out whether it works again.</summary>
    Probe,
}
