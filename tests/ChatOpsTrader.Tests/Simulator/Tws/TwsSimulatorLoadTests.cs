using System.Diagnostics;
using ChatOpsTrader.Tws.Protocol;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Simulator.Tws;

public class TwsSimulatorLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_market_orders_sent_back_to_back_are_all_filled_within_seconds()
    {
        await using var sim = await TwsSim.StartAsync(TwsSim.Options() with { MaxMessagesPerSecond = 10_000 });
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;
        var symbols = new[] { "AAPL", "MSFT", "NVDA", "SPY", "TSLA" };
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 200; i++)
            await client.SendAsync(TwsOrders.Market(id + i, symbols[i % symbols.Length], i % 2 == 0 ? "BUY" : "SELL", 1, $"COT-load-{i}"));
        await client.WaitUntilAsync(() => client.All<OrderStatusMessage>(s => s.Status == "Filled").Count == 200, "200 fills");
        await client.WaitUntilAsync(() => client.All<CommissionReportMessage>().Count == 200, "200 commission reports");

        output.WriteLine($"200 orders placed and filled over one loopback connection in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(200, client.All<ExecDetailsMessage>().Select(e => e.Execution.OrderRef).Distinct().Count());
    }
}
