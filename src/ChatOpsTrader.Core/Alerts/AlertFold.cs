using System.Collections.Immutable;

namespace ChatOpsTrader.Core.Alerts;

/// <summary>
/// Alerts of one key folded together: how many, the most severe, the last one in full, and since when. Immutable,
/// so the same fold can sit in several channels' buffers.
/// </summary>
/// <param name="Key">The dedup key.</param>
/// <param name="Count">How many raised alerts it stands for.</param>
/// <param name="Last">The most recent alert, kept whole.</param>
/// <param name="Since">Time of the earliest alert counted (or of the one already sent when <paramref name="More"/>).</param>
/// <param name="Severity">The most severe of them.</param>
/// <param name="More">True when an earlier alert of the key was already sent: the words say "N more".</param>
/// <param name="AlertIds">The ids of the raised alerts it stands for (persistent list: adding is cheap, sharing is safe).</param>
internal sealed record AlertFold(string Key, int Count, Alert Last, DateTimeOffset Since, Severity Severity, bool More, ImmutableList<string> AlertIds)
{
    /// <summary>One alert on its own.</summary>
    public static AlertFold Of(Alert alert) => new(alert.Key, 1, alert, alert.Time, alert.Severity, false, [alert.Id]);

    /// <summary>The first alert folded behind one already sent at <paramref name="since"/>.</summary>
    public static AlertFold Continuing(Alert alert, DateTimeOffset since) => new(alert.Key, 1, alert, since, alert.Severity, true, [alert.Id]);

    /// <summary>Stands for a single alert that can be sent as it is.</summary>
    public bool IsSingle => Count == 1 && !More;

    /// <summary>This fold plus one more alert.</summary>
    public AlertFold Add(Alert alert) => this with
    {
        Count = Count + 1,
        Last = alert.Time >= Last.Time ? alert : Last,
        Severity = Worst(Severity, alert.Severity),
        AlertIds = AlertIds.Add(alert.Id),
    };

    /// <summary>This fold plus another of the same key; this one's "more" wording wins (it came first).</summary>
    public AlertFold Merge(AlertFold other) => this with
    {
        Count = Count + other.Count,
        Last = other.Last.Time >= Last.Time ? other.Last : Last,
        Since = other.Since < Since ? other.Since : Since,
        Severity = Worst(Severity, other.Severity),
        AlertIds = AlertIds.AddRange(other.AlertIds),
    };

    /// <summary>The more severe of two severities (SEV1 is the worst).</summary>
    public static Severity Worst(Severity a, Severity b) => a < b ? a : b;
}
