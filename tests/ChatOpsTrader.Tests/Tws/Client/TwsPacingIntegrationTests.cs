using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using ChatOpsTrader.Tws.Protocol;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Tws.Client;

public class TwsPacingIntegrationTests(ITestOutputHelper output)
{
    /// <summary>
    /// Stamps at the fake can lag the client's send by a pump step or two when the machine is loaded (the pacer's
    /// delay ends on the clock, the write runs a moment later, the clock may have moved on), which squeezes stamps
    /// together. Sends in any 1 s are at most 40, so stamps in any (1 s − the lag) are too: the order budget is
    /// checked over a window shortened by this much (at 40/s that still holds 38–40 orders: a faster pacer fails it).
    /// </summary>
    private static readonly TimeSpan StampLag = TimeSpan.FromMilliseconds(50);

    private static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> times) => MaxInAnyWindow(times, TimeSpan.FromSeconds(1));

    private static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> times, TimeSpan window)
    {
        var max = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= window)
                start++;
            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    [Fact]
    public async Task A_500_order_burst_never_puts_more_than_50_messages_in_any_second_at_TWS_and_a_cancel_jumps_the_queue()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clock = new ManualTimeProvider();
        await using var server = new FakeTwsServer(clock) { NextValidId = 1, AcknowledgeOrders = false };
        var sink = new CollectingBrokerSink();
        await using var port = new TwsBrokerPort(new TwsOptions { Port = server.Port, ClientId = 7, Account = "DU1234567" }, clock);
        // The clock moves only once the fake has read everything the client wrote: arrival stamps are exact.
        await using var pump = new ClockPump(clock, TimeSpan.FromMilliseconds(10),
            () => port.Client.Connection is not { } c || server.Received.Count(r => r.Session == 1) >= c.SentCount);
        await port.StartAsync(sink, cts.Token);

        var placing = Enumerable.Range(0, 500)
            .Select(i => port.PlaceOrderAsync(new BrokerOrderRequest($"COT-{i:000}", "AAPL", OrderSide.Sell, 1, OrderType.Market, null, null), cts.Token).AsTask())
            .ToList();
        await server.WaitForAsync<PlaceOrderRequest>(20, TimeSpan.FromSeconds(30));
        await port.CancelOrderAsync(1, cts.Token);
        var ids = await Task.WhenAll(placing).WaitAsync(cts.Token);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), ids);
        await server.WaitForAsync<PlaceOrderRequest>(500); // written is not yet read

        var all = server.Received.Where(r => r.Session == 1).ToList();
        var times = all.Select(r => r.ArrivedAt).ToList();
        var orders = all.Where(r => r.Request is PlaceOrderRequest).ToList();
        var burst = orders[^1].ArrivedAt - orders[0].ArrivedAt;
        output.WriteLine($"500 placeOrder: {burst.TotalSeconds:0.00} s of fake time, max {MaxInAnyWindow(times)} messages in any 1 s window");

        Assert.True(MaxInAnyWindow(times) <= 50, $"{MaxInAnyWindow(times)} messages in one second");
        var ordersInWindow = MaxInAnyWindow([.. orders.Select(o => o.ArrivedAt)], TimeSpan.FromSeconds(1) - StampLag);
        Assert.True(ordersInWindow <= 40, $"{ordersInWindow} placeOrder in {(TimeSpan.FromSeconds(1) - StampLag).TotalMilliseconds} ms");
        Assert.Equal(Enumerable.Range(1, 500), orders.Select(o => ((PlaceOrderRequest)o.Request).OrderId));
        // About 40 per second: 500 orders in 12.5 s (200 would take 200/40 s, well under 200/40 + 1).
        Assert.InRange(burst.TotalSeconds, 11.5, 13.5);
        var before200 = orders[199].ArrivedAt - orders[0].ArrivedAt;
        Assert.True(before200 <= TimeSpan.FromSeconds(6), $"200 orders took {before200}");

        // The cancel went out at once, ahead of the ~480 orders still queued.
        var cancelIndex = all.FindIndex(r => r.Request is CancelOrderRequest);
        var ordersBeforeCancel = all.Take(cancelIndex).Count(r => r.Request is PlaceOrderRequest);
        Assert.InRange(ordersBeforeCancel, 20, 30);
    }
}
