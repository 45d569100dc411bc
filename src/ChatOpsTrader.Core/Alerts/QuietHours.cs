namespace ChatOpsTrader.Core.Alerts;

/// <summary>
/// A daily window, in the exchange's local time, in which a channel gets only SEV1 alerts; the rest is held and
/// sent as one digest when the window ends. <see cref="Start"/> after <see cref="End"/> wraps midnight
/// (22:00–07:00).
/// </summary>
/// <param name="Start">First quiet minute (inclusive).</param>
/// <param name="End">First minute that is no longer quiet (exclusive).</param>
public readonly record struct QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>True when <paramref name="localTime"/> falls inside the window.</summary>
    public bool Contains(TimeOnly localTime) =>
        Start <= End
            ? localTime >= Start && localTime < End
            : localTime >= Start || localTime < End;
}
