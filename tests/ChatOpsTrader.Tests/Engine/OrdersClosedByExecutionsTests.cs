using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Engine;

/// <summary>
/// Executions are the truth about our own orders: an order of ours whose executions add up to its quantity is filled,
/// even when the broker never sent a final status (it filled while we were down: after a reconnect TWS reports the
/// executions but no status for a completed order; or we crashed between journaling the fills and the status).
/// </summary>
public class OrdersClosedByExecutionsTests
{
    [Fact]
    public async Task Executions_that_add_up_to_the_quantity_close_the_order_as_filled_and_a_partial_one_does_not()
    {
        await using var h = await new EngineHarness().StartAsync();
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("a", "s1", "AAPL", OrderSide.Buy, 3, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        await h.IdleAsync();
        var order = Assert.Single(h.Engine.Snapshot.Orders).Order;

        h.Broker.Push(new ExecutionReceived(h.Time.GetUtcNow(), Execution("E1", order, 2)));
        await h.IdleAsync();
        Assert.Equal(order.BrokerOrderId, Assert.Single(h.Engine.Snapshot.Orders).Order.BrokerOrderId);

        h.Broker.Push(new ExecutionReceived(h.Time.GetUtcNow(), Execution("E2", order, 1)));
        await h.IdleAsync();
        Assert.Empty(h.Engine.Snapshot.Orders);
        Assert.Equal(3, h.Engine.PositionQuantity("AAPL"));
        var recorded = h.Journal.Committed.OfType<OrderRecordedRecord>().Last(r => r.Order.Order.BrokerOrderId == order.BrokerOrderId).Order.Order;
        Assert.Equal(OrderStatus.Filled, recorded.Status);
        Assert.Equal(3, recorded.Filled);

        // The same execution reported again (a resync) changes nothing; a late "working" status cannot reopen it.
        h.Broker.Push(new ExecutionReceived(h.Time.GetUtcNow(), Execution("E2", order, 1)));
        h.Broker.Push(new OrderUpdated(h.Time.GetUtcNow(), order with { Status = OrderStatus.Submitted }));
        await h.IdleAsync();
        Assert.Empty(h.Engine.Snapshot.Orders);
        Assert.Equal(3, h.Engine.PositionQuantity("AAPL"));
    }

    [Fact]
    public async Task An_external_order_is_left_to_the_broker_status()
    {
        await using var h = await new EngineHarness().StartAsync();
        var external = new BrokerOrder(900, "someone-else", "AAPL", OrderSide.Buy, 2, OrderType.Limit, 190m, null, null, OrderStatus.Submitted, 0, 0, 9);
        h.Broker.Push(new OrderUpdated(h.Time.GetUtcNow(), external));
        h.Broker.Push(new ExecutionReceived(h.Time.GetUtcNow(), Execution("X1", external, 2)));
        await h.IdleAsync();
        Assert.Equal(900, Assert.Single(h.Engine.Snapshot.Orders).Order.BrokerOrderId);
    }

    [Fact]
    public async Task An_order_whose_fills_were_journaled_before_a_crash_but_not_its_status_is_filled_after_the_restart()
    {
        var journal = new InMemoryJournal();
        var time = new ManualTimeProvider();
        var now = time.GetUtcNow();
        var working = new BrokerOrder(7, "COT-0123456789abcdef", "AAPL", OrderSide.Buy, 3, OrderType.Limit, 190m, null, null, OrderStatus.Submitted, 0, 0, 1);
        var other = working with { BrokerOrderId = 8, OrderRef = "COT-fedcba9876543210", Symbol = "MSFT", LimitPrice = 400m };
        await journal.CommitAsync(
            [
                new OrderRecordedRecord(new WorkingOrder(working, OrderOrigin.Strategy, "s1", now)),
                new OrderRecordedRecord(new WorkingOrder(other, OrderOrigin.Strategy, "s1", now)),
                new FillRecordedRecord(Execution("E1", working, 1)),
                new FillRecordedRecord(Execution("E2", working, 2)),
                new FillRecordedRecord(Execution("E3", other, 1)),
            ],
            CancellationToken.None);
        var broker = new ScriptedBroker(time);
        broker.Positions.Add(new BrokerPosition("AAPL", 3, 190m));
        broker.Positions.Add(new BrokerPosition("MSFT", 1, 400m));
        broker.OpenOrders.Add(other with { Filled = 1 });

        await using var h = await new EngineHarness(journal, broker, time).StartAsync();

        Assert.Equal(8, Assert.Single(h.Engine.Snapshot.Orders).Order.BrokerOrderId);
        var recorded = journal.Committed.OfType<OrderRecordedRecord>().Last(r => r.Order.Order.BrokerOrderId == 7).Order.Order;
        Assert.Equal(OrderStatus.Filled, recorded.Status);
    }

    private static Fill Execution(string id, BrokerOrder order, decimal quantity) =>
        new(id, order.BrokerOrderId, order.OrderRef, order.Symbol, order.Side, quantity, order.LimitPrice ?? 100m, 1m, DateTimeOffset.UnixEpoch);
}
