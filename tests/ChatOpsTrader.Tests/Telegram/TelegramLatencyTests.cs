using System.Diagnostics;
using System.Globalization;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Telegram;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Telegram;

public class TelegramLatencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Status_with_1000_positions_goes_from_update_to_reply_in_a_few_milliseconds()
    {
        await using var rig = await TelegramRig.StartAsync(
            o =>
            {
                // Sending limits are measured elsewhere: here every reply may go at once.
                o.Limits = new TelegramRateLimits(TimeSpan.FromTicks(1), 1000, TimeSpan.FromTicks(1), 1000, TimeSpan.FromTicks(1), 1000);
                o.FakeLimits = null;
            },
            h => TelegramTransportTests.AdoptPositionsAsync(h, 1000));
        Assert.Contains("Open positions: 1000", (await rig.CommandAsync(TelegramRig.Vera, "/status")).Visible, StringComparison.Ordinal);

        var endToEnd = new List<double>();
        var router = new List<double>();
        for (var i = 0; i < 330; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await rig.CommandAsync(TelegramRig.Vera, "/status");
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            await rig.Router!.ExecuteAsync(new Caller("telegram", "102"), "/status", CancellationToken.None);
            var routed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= 30)
            {
                endToEnd.Add(elapsed);
                router.Add(routed);
            }
        }

        var p99 = Percentile(endToEnd, 0.99);
        output.WriteLine(Describe("update -> reply (fake Bot API on loopback, /status, 1000 positions)", endToEnd));
        output.WriteLine(Describe("router alone (/status)", router));
        output.WriteLine($"added by the transport at p50: {Percentile(endToEnd, 0.5) - Percentile(router, 0.5):0.00} ms");
        // The target is 20 ms at p99; the bound here is looser so a busy shared machine does not fail the build.
        Assert.True(p99 <= 100, $"p99 {p99:0.0} ms");
    }

    private static string Describe(string what, List<double> samples) => string.Create(
        CultureInfo.InvariantCulture,
        $"{what}: n={samples.Count} p50={Percentile(samples, 0.5):0.00} ms p90={Percentile(samples, 0.9):0.00} ms p99={Percentile(samples, 0.99):0.00} ms max={samples.Max():0.00} ms");

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
