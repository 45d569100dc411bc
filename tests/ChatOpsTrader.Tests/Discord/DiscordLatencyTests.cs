using System.Diagnostics;
using System.Globalization;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Discord;

/// <summary>
/// Interaction → reply latency for /status over an engine with 1,000 positions: from the fake writing
/// INTERACTION_CREATE on the socket to the fake receiving the interaction response, against the router alone.
/// Real time: the numbers are wall-clock on whatever machine runs the tests.
/// </summary>
[Collection(nameof(DiscordLatencyCollection))]
public class DiscordLatencyTests(ITestOutputHelper output)
{
    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    [Fact]
    public async Task Status_with_1000_positions_adds_at_most_20_ms_at_p99()
    {
        var time = new ManualTimeProvider();
        var broker = new ScriptedBroker(time);
        for (var i = 0; i < 1000; i++)
            broker.Positions.Add(new BrokerPosition($"S{i:0000}", 10 + i, 50m + i));
        await using var h = await new EngineHarness(broker: broker, time: time).StartAsync();
        Assert.Equal(1000, h.Engine.Snapshot.Positions.Count(p => p.Quantity != 0));
        var router = DiscordRouter.Create(h);
        // 300 back-to-back commands are far above 50 requests/s: the global limiter (tested on its own) would make every
        // 50th wait for the next second. Here only the transport's own work is measured.
        await using var rig = await DiscordRig.CreateAsync(router, configureOptions: o => o.GlobalRequestsPerSecond = 100_000);
        await rig.StartAsync();

        for (var i = 0; i < 30; i++)
            await rig.SlashAsync(DiscordRouter.Viewer, "status");

        const int samples = 300;
        var endToEnd = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var id = rig.NextInteractionId();
            var payload = FakeDiscord.SlashCommand(id, DiscordRouter.Viewer, "status");
            var sent = DateTimeOffset.UtcNow;
            await rig.Fake.DispatchAsync("INTERACTION_CREATE", payload);
            var call = await rig.Fake.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == id, "status answer");
            Assert.Equal(4, call.Body!["type"]!.GetValue<int>());
            endToEnd.Add((call.Time - sent).TotalMilliseconds);
        }

        var routerOnly = new List<double>(samples);
        var caller = new Caller("discord", DiscordRouter.Viewer);
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.NotNull(await router.ExecuteAsync(caller, "/status", CancellationToken.None));
            routerOnly.Add(watch.Elapsed.TotalMilliseconds);
        }

        endToEnd.Sort();
        routerOnly.Sort();
        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        output.WriteLine($"/status, 1000 positions, {samples} samples: end-to-end p50 {F(Percentile(endToEnd, 0.5))} ms, p99 {F(Percentile(endToEnd, 0.99))} ms, max {F(endToEnd[^1])} ms");
        output.WriteLine($"router alone: p50 {F(Percentile(routerOnly, 0.5))} ms, p99 {F(Percentile(routerOnly, 0.99))} ms");
        output.WriteLine($"added by the transport (p99 end-to-end minus p50 router): {F(Percentile(endToEnd, 0.99) - Percentile(routerOnly, 0.5))} ms");

        // End to end includes the router itself, the WebSocket hop and the HTTP response: the added part is smaller.
        Assert.True(Percentile(endToEnd, 0.99) - Percentile(routerOnly, 0.5) <= 20, $"p99 end-to-end {F(Percentile(endToEnd, 0.99))} ms");
        Assert.Empty(rig.AllViolations());
    }
}

/// <summary>The measurement runs alone, not beside the other Discord tests.</summary>
[CollectionDefinition(nameof(DiscordLatencyCollection), DisableParallelization = true)]
public sealed class DiscordLatencyCollection;
