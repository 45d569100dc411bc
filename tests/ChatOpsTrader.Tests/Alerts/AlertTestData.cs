using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Tests.Alerts;

internal static class AlertTestData
{
    /// <summary>Wednesday 2026-11-18 10:00 in New York (15:00 UTC).</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    public static readonly TradingCalendar Calendar = TradingCalendar.NewYork();

    public static readonly string[] PhoneChannels = ["telegram", "discord"];

    public static AlertPolicy Policy(AlertPolicyOptions? options = null) => new(options ?? AlertPolicyOptions.Default, Calendar);

    public static Alert Make(string key, Severity severity, DateTimeOffset time, string? title = null, string? text = null) =>
        new(Guid.NewGuid().ToString("N"), time, severity, key, title ?? $"Alert {key}", text ?? "the facts", "the first action");

    /// <summary>A broker rejection as the engine raises it.</summary>
    public static Alert Rejection(string symbol, DateTimeOffset time, string reason = "insufficient margin") =>
        new(Guid.NewGuid().ToString("N"), time, Severity.Sev3, "reject:" + symbol, $"Order rejected: {symbol} (broker-rejected)",
            $"momentum: broker rejected order 5 (code 201): {reason}", "Check the broker's reason; fix the issue or wait for conditions.");

    public static Alert KillSwitch(DateTimeOffset time) =>
        new(Guid.NewGuid().ToString("N"), time, Severity.Sev1, "kill-switch", "Trading HALTED (Manual)", "By telegram:42: going to lunch",
            "Do not resume the same day. Wait at least 30 minutes, review positions at the broker (/positions), document the incident.");

    public static List<AlertDispatch> On(this IEnumerable<AlertDispatch> dispatches, string channel) =>
        [.. dispatches.Where(d => d.Channel == channel)];

    public static int Total(this IEnumerable<AlertDispatch> dispatches) => dispatches.Where(d => !d.IsEscalation).Sum(d => d.AggregatedCount);

    /// <summary>Ticks every <paramref name="step"/> from just after <paramref name="from"/> to <paramref name="to"/>, collecting what goes out.</summary>
    public static List<AlertDispatch> TickThrough(this AlertPolicy policy, DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var all = new List<AlertDispatch>();
        for (var t = from + step; t <= to; t += step)
            all.AddRange(policy.Tick(t));
        return all;
    }

    public static AlertPolicyOptions WithChannels(params AlertChannelOptions[] channels) => AlertPolicyOptions.Default with { Channels = channels };

    public static readonly Severity[] All = [Severity.Sev1, Severity.Sev2, Severity.Sev3, Severity.Sev4];
}
