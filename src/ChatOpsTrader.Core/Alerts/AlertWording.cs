using System.Globalization;
using System.Text;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Core.Alerts;

/// <summary>The words of aggregates, digests, escalations and channel notices: short, counted, the last one in full.</summary>
internal sealed class AlertWording(TradingCalendar calendar)
{
    /// <summary>Digests list at most this many keys; the rest are counted in one line.</summary>
    public const int DigestLines = 15;

    private static readonly (string Prefix, string Singular, string Plural, bool WithArgument)[] Nouns =
    [
        ("reject", "rejection", "rejections", true),
        ("loss-warning", "loss-limit warning", "loss-limit warnings", false),
        ("loss-breach", "loss-limit breach alert", "loss-limit breach alerts", false),
        ("unknown-position", "unknown-position alert", "unknown-position alerts", true),
        ("watchdog", "order cancelled while halted", "orders cancelled while halted", false),
        ("unauthorized", "unauthorized attempt", "unauthorized attempts", true),
        ("external", "external order", "external orders", true),
        ("notice", "broker notice", "broker notices", true),
        ("broker-connection", "broker connection alert", "broker connection alerts", false),
        ("reconciliation", "reconciliation report with differences", "reconciliation reports with differences", false),
        ("kill-switch", "halt alert", "halt alerts", false),
        ("runaway", "runaway-orders alert", "runaway-orders alerts", false),
        ("data-feed", "stale-data alert", "stale-data alerts", true),
        ("slippage", "slippage alert", "slippage alerts", true),
        ("hold-time", "held-too-long alert", "held-too-long alerts", true),
    ];

    /// <summary>"7 rejections for AAPL", "1 halt alert", "3 'backup' alerts".</summary>
    public static string Counted(string key, int count)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? key : key[..colon];
        var argument = colon < 0 ? string.Empty : key[(colon + 1)..];
        foreach (var (p, singular, plural, withArgument) in Nouns)
        {
            if (!string.Equals(p, prefix, StringComparison.Ordinal))
                continue;
            var noun = count == 1 ? singular : plural;
            var preposition = p == "unauthorized" ? "by" : "for";
            return withArgument && argument.Length > 0
                ? Invariant($"{count} {noun} {preposition} {argument}")
                : Invariant($"{count} {noun}");
        }
        return Invariant($"{count} '{key}' {(count == 1 ? "alert" : "alerts")}");
    }

    /// <summary>"10 s", "2 min", "3 h".</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
            return "under 1 s";
        if (span < TimeSpan.FromMinutes(1))
            return Invariant($"{(int)Math.Ceiling(span.TotalSeconds)} s");
        if (span < TimeSpan.FromHours(2))
            return Invariant($"{(int)Math.Ceiling(span.TotalMinutes)} min");
        return Invariant($"{(int)Math.Ceiling(span.TotalHours)} h");
    }

    /// <summary>"SEV1".</summary>
    public static string Name(Severity severity) => Invariant($"SEV{(int)severity}");

    /// <summary>Exchange-local clock time, e.g. 14:02:11.</summary>
    public string Clock(DateTimeOffset instant) => calendar.ToLocal(instant).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The title of a fold: "7 more rejections for AAPL in 2 min".</summary>
    public string AggregateTitle(AlertFold fold)
    {
        var counted = Counted(fold.Key, fold.Count);
        if (fold.More)
        {
            var space = counted.IndexOf(' ', StringComparison.Ordinal);
            counted = counted[..space] + " more" + counted[space..];
        }
        return Invariant($"{counted} in {Span(fold.Last.Time - fold.Since)}");
    }

    /// <summary>The text of a fold: the last alert in full, and since when.</summary>
    public string AggregateText(AlertFold fold) =>
        Invariant($"Last at {Clock(fold.Last.Time)}: {fold.Last.Title}. {fold.Last.Text}\nCounting since {Clock(fold.Since)}; worst severity {Name(fold.Severity)}.");

    /// <summary>The title of a digest: "37 alerts of 4 kinds held during quiet hours".</summary>
    public static string DigestTitle(int total, int kinds, string why) => Invariant($"{total} alerts of {kinds} kinds held {why}");

    /// <summary>One line per key, most severe first, at most <see cref="DigestLines"/>.</summary>
    public string DigestText(IReadOnlyList<AlertFold> folds)
    {
        var ordered = folds.OrderBy(f => f.Severity).ThenBy(f => f.Since).ToList();
        var text = new StringBuilder();
        foreach (var fold in ordered.Take(DigestLines))
        {
            text.Append(CultureInfo.InvariantCulture, $"• {Name(fold.Severity)} {Counted(fold.Key, fold.Count)}, last at {Clock(fold.Last.Time)}: {fold.Last.Title}. {Shorten(fold.Last.Text, 160)}");
            text.Append('\n');
        }
        if (ordered.Count > DigestLines)
        {
            var rest = ordered.Skip(DigestLines).ToList();
            text.Append(CultureInfo.InvariantCulture, $"• … and {rest.Count} more kinds ({rest.Sum(f => f.Count)} alerts): see /incidents and the log.\n");
        }
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>Why held alerts waited, in words.</summary>
    public static string Why(HoldReasons reasons, string channel)
    {
        var parts = new List<string>();
        if (reasons.HasFlag(HoldReasons.ChannelDown))
            parts.Add($"while {channel} was down");
        if (reasons.HasFlag(HoldReasons.QuietHours))
            parts.Add("during quiet hours");
        if (reasons.HasFlag(HoldReasons.RateLimit))
            parts.Add("by the rate limit");
        if (reasons.HasFlag(HoldReasons.Retry))
            parts.Add("after a failed delivery");
        return parts.Count == 0 ? "in the queue" : string.Join(" and ", parts);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
