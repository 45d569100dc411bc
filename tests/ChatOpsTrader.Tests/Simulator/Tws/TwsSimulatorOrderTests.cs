using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Tws;
using ChatOpsTrader.Tests.Tws;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Simulator.Tws;

public class TwsSimulatorOrderTests
{
    [Fact]
    public async Task A_market_order_opens_fills_and_reports_its_commission_with_orderRef_echoed()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;
        sim.Exchange.TryGetQuote("AAPL", out var quote);

        await client.SendAsync(TwsOrders.Market(id, "AAPL", "BUY", 10, "COT-mkt-1"));
        var filled = await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id && s.Status == "Filled");

        var open = client.All<OpenOrderMessage>(o => o.OrderId == id);
        Assert.Equal("COT-mkt-1", open[0].Order.OrderRef);
        Assert.Equal("MKT", open[0].Order.OrderType);
        Assert.Equal("BUY", open[0].Order.Action);
        Assert.Equal(10, open[0].Order.TotalQuantity);
        Assert.Equal("AAPL", open[0].Contract.Symbol);
        Assert.Equal(265598, open[0].Contract.ConId);
        Assert.Equal(TwsSim.Account, open[0].Order.Account);
        Assert.Equal(1, open[0].ClientId);
        Assert.Equal(10, filled.Filled);
        Assert.Equal(0, filled.Remaining);
        Assert.Equal(quote.Ask, filled.AvgFillPrice);

        var execution = Assert.Single(client.All<ExecDetailsMessage>());
        Assert.Equal(-1, execution.ReqId);
        Assert.Equal(id, execution.OrderId);
        Assert.Equal("COT-mkt-1", execution.Execution.OrderRef);
        Assert.Equal("BOT", execution.Execution.Side);
        Assert.Equal(10, execution.Execution.Shares);
        Assert.Equal(quote.Ask, execution.Execution.Price);
        Assert.Equal(TwsSim.Account, execution.Execution.AcctNumber);

        var commission = await client.WaitForAsync<CommissionReportMessage>();
        Assert.Equal(execution.Execution.ExecId, commission.ExecId);
        Assert.Equal(1.00m, commission.Commission);
        Assert.Equal("USD", commission.Currency);
        Assert.Null(commission.RealizedPnl); // it only opened a position

        // TWS order: openOrder + Submitted, then execDetails, the Filled status, then the commission.
        var kinds = client.Messages.Where(m => m is OpenOrderMessage or OrderStatusMessage or ExecDetailsMessage or CommissionReportMessage)
            .Select(m => m is OrderStatusMessage s ? "status:" + s.Status : m.GetType().Name).ToList();
        Assert.Equal(["OpenOrderMessage", "status:Submitted", "ExecDetailsMessage", "OpenOrderMessage", "status:Filled", "CommissionReportMessage"], kinds);
    }

    [Fact]
    public async Task Limit_stop_and_stop_limit_orders_rest_with_their_prices_and_orderRef_echoed()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;

        await client.SendAsync(TwsOrders.Limit(id, "MSFT", "BUY", 5, 300m, "COT-lmt"));
        await client.SendAsync(TwsOrders.Stop(id + 1, "MSFT", "SELL", 5, 300m, "COT-stp"));
        await client.SendAsync(TwsOrders.StopLimit(id + 2, "MSFT", "BUY", 5, 500m, 501m, "COT-stplmt"));
        await client.WaitUntilAsync(() => client.All<OrderStatusMessage>().Count == 3, "three statuses");

        var orders = client.All<OpenOrderMessage>().ToDictionary(o => o.OrderId);
        Assert.Equal(("LMT", 300m, (decimal?)null, "COT-lmt"), (orders[id].Order.OrderType, orders[id].Order.LmtPrice!.Value, orders[id].Order.AuxPrice, orders[id].Order.OrderRef));
        Assert.Equal(("STP", (decimal?)null, 300m, "COT-stp"), (orders[id + 1].Order.OrderType, orders[id + 1].Order.LmtPrice, orders[id + 1].Order.AuxPrice!.Value, orders[id + 1].Order.OrderRef));
        Assert.Equal(("STP LMT", 501m, 500m, "COT-stplmt"), (orders[id + 2].Order.OrderType, orders[id + 2].Order.LmtPrice!.Value, orders[id + 2].Order.AuxPrice!.Value, orders[id + 2].Order.OrderRef));
        Assert.All(client.All<OrderStatusMessage>(), s => Assert.Equal("Submitted", s.Status));
        Assert.Empty(client.All<ExecDetailsMessage>());

        // The stop fills when the price gaps through it, with its reference on the execution.
        sim.Server.GapPrice("MSFT", -30);
        var execution = await client.WaitForAsync<ExecDetailsMessage>(e => e.OrderId == id + 1);
        Assert.Equal("COT-stp", execution.Execution.OrderRef);
        Assert.Equal("SLD", execution.Execution.Side);
    }

    [Fact]
    public async Task An_order_written_the_official_clients_way_with_sentinels_for_unset_prices_is_accepted()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;
        var fields = TwsRequestCodecTests.PlainOrderFields178(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        fields[19] = "1.7976931348623157E+308"; // lmtPrice
        fields[20] = "1.7976931348623157E+308"; // auxPrice
        fields[26] = "official"; // orderRef

        await client.SendPayloadAsync(TwsTestFrames.Payload([.. fields]));

        await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id && s.Status == "Filled");
        Assert.Equal("official", client.All<OpenOrderMessage>()[0].Order.OrderRef);
        Assert.Null(client.All<OpenOrderMessage>()[0].Order.LmtPrice);
        Assert.Equal(100, Assert.Single(sim.Exchange.GetSnapshot().Positions).Quantity);
    }

    [Fact]
    public async Task Unsupported_or_invalid_orders_get_a_clear_error_and_nothing_is_placed()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;

        await client.SendAsync(TwsOrders.Market(id, "NOPE", "BUY", 1));
        await client.WaitForErrorAsync(200, id);
        // Our encoder refuses other order types, so this one is edited on the wire.
        await client.SendPayloadAsync(Edited(TwsOrders.Limit(id + 1, "AAPL", "BUY", 1, 100m), client.ServerVersion, "LMT", "TRAIL"));
        await client.WaitForErrorAsync(321, id + 1);
        await client.SendPayloadAsync(Edited(TwsOrders.Market(id + 2, "AAPL", "BUY", 777), client.ServerVersion, "777", "0"));
        await client.WaitForErrorAsync(434, id + 2);
        await client.SendAsync(TwsOrders.Market(id + 2, "AAPL", "BUY", 1)); // reused id
        await client.WaitForErrorAsync(103, id + 2);

        Assert.Empty(sim.Exchange.GetSnapshot().OpenOrders);
        Assert.Empty(sim.Exchange.GetSnapshot().Positions);
    }

    [Fact]
    public async Task A_cancel_answers_Cancelled_and_202_an_unknown_id_10147_and_a_filled_order_10148()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;
        await client.SendAsync(TwsOrders.Limit(id, "AAPL", "BUY", 10, 100m, "COT-c"));
        await client.SendAsync(TwsOrders.Market(id + 1, "AAPL", "BUY", 1));
        await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id + 1 && s.Status == "Filled");

        await client.SendAsync(new CancelOrderRequest(id));
        var cancelled = await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id && s.Status == "Cancelled");
        Assert.Equal(10, cancelled.Remaining);
        var error = await client.WaitForErrorAsync(202, id);
        Assert.StartsWith("Order Canceled - reason:", error.Message, StringComparison.Ordinal);

        await client.SendAsync(new CancelOrderRequest(id + 50));
        Assert.Contains("not found", (await client.WaitForErrorAsync(10147, id + 50)).Message, StringComparison.Ordinal);
        await client.SendAsync(new CancelOrderRequest(id + 1));
        Assert.Contains("Filled", (await client.WaitForErrorAsync(10148, id + 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Placing_a_working_order_again_modifies_its_price_and_quantity()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;
        sim.Exchange.TryGetQuote("AAPL", out var quote);
        await client.SendAsync(TwsOrders.Limit(id, "AAPL", "BUY", 10, 100m, "COT-m"));
        await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id);

        await client.SendAsync(TwsOrders.Limit(id, "AAPL", "BUY", 4, 120m, "COT-m"));
        await client.WaitForAsync<OpenOrderMessage>(o => o.OrderId == id && o.Order.LmtPrice == 120m && o.Order.TotalQuantity == 4);
        await client.SendAsync(TwsOrders.Market(id, "AAPL", "BUY", 4)); // another type: not a modification
        await client.WaitForErrorAsync(105, id);

        await client.SendAsync(TwsOrders.Limit(id, "AAPL", "BUY", 4, quote.Ask + 1, "COT-m")); // now marketable
        var filled = await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id && s.Status == "Filled");
        Assert.Equal((4m, quote.Ask), (filled.Filled, filled.AvgFillPrice!.Value));

        await client.SendAsync(TwsOrders.Limit(id, "AAPL", "BUY", 4, 130m));
        await client.WaitForErrorAsync(104, id);
    }

    [Fact]
    public async Task A_held_order_sent_again_is_replaced_before_it_is_transmitted()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;

        await client.SendAsync(TwsOrders.Limit(id, "MSFT", "BUY", 5, 300m, transmit: false));
        await client.SendAsync(TwsOrders.Limit(id, "MSFT", "BUY", 6, 301m, transmit: true));

        var open = await client.WaitForAsync<OpenOrderMessage>(o => o.OrderId == id);
        Assert.Equal((6m, 301m), (open.Order.TotalQuantity, open.Order.LmtPrice!.Value));
        Assert.Single(sim.Exchange.GetSnapshot().OpenOrders);
    }

    [Fact]
    public async Task A_client_cannot_cancel_another_clients_order_by_its_id()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var a = await sim.ConnectAsync(1);
        await using var b = await sim.ConnectAsync(2);
        var id = a.All<NextValidIdMessage>()[0].OrderId;
        await a.SendAsync(TwsOrders.Limit(id, "AAPL", "BUY", 10, 100m));
        await a.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id);

        await b.SendAsync(new CancelOrderRequest(id));
        await b.WaitForErrorAsync(10147, id);

        Assert.Single(sim.Exchange.GetSnapshot().OpenOrders);
    }

    [Fact]
    public async Task A_bracket_is_held_until_the_last_child_transmits_and_its_children_keep_working_after_the_client_leaves()
    {
        await using var sim = await TwsSim.StartAsync();
        sim.Exchange.TryGetQuote("AAPL", out var quote);
        int parent;
        await using (var client = await sim.ConnectAsync(1))
        {
            parent = client.All<NextValidIdMessage>()[0].OrderId;
            await client.SendAsync(TwsOrders.Market(parent, "AAPL", "BUY", 10, "COT-b-entry", transmit: false));
            await client.SendAsync(TwsOrders.Limit(parent + 1, "AAPL", "SELL", 10, quote.Ask * 1.05m, "COT-b-tp", transmit: false, parentId: parent));
            await client.SyncAsync();
            Assert.Empty(client.All<OpenOrderMessage>()); // held: nothing transmitted yet
            Assert.Empty(sim.Exchange.GetSnapshot().OpenOrders);

            await client.SendAsync(TwsOrders.Stop(parent + 2, "AAPL", "SELL", 10, quote.Bid * 0.95m, "COT-b-sl", transmit: true, parentId: parent));
            await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == parent && s.Status == "Filled");
            await client.WaitUntilAsync(() => client.All<OrderStatusMessage>(s => s.OrderId > parent && s.Status == "Submitted").Select(s => s.OrderId).Distinct().Count() == 2, "both children working");

            var children = client.All<OpenOrderMessage>(o => o.OrderId > parent);
            Assert.All(children, c => Assert.Equal(parent, c.Order.ParentId));
            Assert.Contains(children, c => c.Order.OrderRef == "COT-b-tp");
            Assert.Contains(children, c => c.Order.OrderRef == "COT-b-sl");
        }

        // The client is gone; the children work server-side: the take-profit fills, the stop is cancelled (OCA).
        await TwsSimulatorConnectionTests.WaitUntil(() => sim.Server.ConnectedClientIds.Count == 0);
        Assert.Equal(2, sim.Exchange.GetSnapshot().OpenOrders.Count);
        sim.Server.GapPrice("AAPL", 8);
        Assert.Empty(sim.Exchange.GetSnapshot().OpenOrders);
        Assert.Empty(sim.Exchange.GetSnapshot().Positions);

        // On reconnecting, the client finds what happened: executions with their references, no open orders.
        await using var again = await sim.ConnectAsync(1);
        Assert.True(again.All<NextValidIdMessage>()[0].OrderId > parent + 2);
        await again.SendAsync(new ReqExecutionsRequest(9, new TwsExecutionFilter()));
        await again.WaitForAsync<ExecDetailsEndMessage>(e => e.ReqId == 9);
        Assert.Equal(["COT-b-entry", "COT-b-tp"], again.All<ExecDetailsMessage>(e => e.ReqId == 9).Select(e => e.Execution.OrderRef));
        Assert.Equal([parent, parent + 1], again.All<ExecDetailsMessage>(e => e.ReqId == 9).Select(e => e.OrderId));
        await again.SendAsync(ReqOpenOrdersRequest.Instance);
        await again.WaitForAsync<OpenOrderEndMessage>();
        Assert.Empty(again.All<OpenOrderMessage>());
    }

    [Fact]
    public async Task An_oca_group_cancels_its_other_member_when_one_fills()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;
        sim.Exchange.TryGetQuote("SPY", out var quote);

        await client.SendAsync(TwsOrders.Limit(id, "SPY", "BUY", 3, quote.Bid * 0.97m, ocaGroup: "g1"));
        await client.SendAsync(TwsOrders.Limit(id + 1, "SPY", "BUY", 3, quote.Bid * 0.90m, ocaGroup: "g1"));
        await client.WaitUntilAsync(() => client.All<OrderStatusMessage>().Count == 2, "both working");

        sim.Server.GapPrice("SPY", -5);
        await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id && s.Status == "Filled");
        await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id + 1 && s.Status == "Cancelled");
        Assert.Equal("g1", client.All<OpenOrderMessage>(o => o.OrderId == id)[0].Order.OcaGroup);
    }

    [Fact]
    public async Task Global_cancel_cancels_every_working_order_however_placed()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var a = await sim.ConnectAsync(1);
        await using var b = await sim.ConnectAsync(2);
        var idA = a.All<NextValidIdMessage>()[0].OrderId;
        var idB = b.All<NextValidIdMessage>()[0].OrderId;
        await a.SendAsync(TwsOrders.Limit(idA, "AAPL", "BUY", 1, 100m));
        await b.SendAsync(TwsOrders.Limit(idB, "AAPL", "BUY", 1, 100m));
        sim.Server.PlaceExternalOrder("TSLA", OrderSide.Buy, 1, OrderType.Limit, 100m);
        sim.Server.PlaceExternalOrder("TSLA", OrderSide.Sell, 1, OrderType.Limit, 900m, clientId: 0);
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.Equal(4, sim.Exchange.GetSnapshot().OpenOrders.Count);

        await a.SendAsync(new ReqGlobalCancelRequest());

        await a.WaitForAsync<OrderStatusMessage>(s => s.OrderId == idA && s.Status == "Cancelled");
        await a.WaitForErrorAsync(202, idA);
        await b.WaitForAsync<OrderStatusMessage>(s => s.OrderId == idB && s.Status == "Cancelled");
        Assert.Empty(sim.Exchange.GetSnapshot().OpenOrders);
    }

    [Fact]
    public async Task Order_updates_go_to_the_placing_client_and_reqAllOpenOrders_shows_every_clients_orders()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var a = await sim.ConnectAsync(1);
        await using var b = await sim.ConnectAsync(2);
        var idA = a.All<NextValidIdMessage>()[0].OrderId;
        await a.SendAsync(TwsOrders.Limit(idA, "NVDA", "BUY", 2, 50m, "COT-a"));
        var external = sim.Server.PlaceExternalOrder("NVDA", OrderSide.Sell, 1, OrderType.Limit, 500m, clientId: 9, orderRef: "theirs");
        await a.WaitForAsync<OrderStatusMessage>(s => s.OrderId == idA);
        await b.SyncAsync();
        Assert.Empty(b.All<OpenOrderMessage>()); // not b's orders
        Assert.DoesNotContain(a.All<OpenOrderMessage>(), o => o.Order.OrderRef == "theirs");

        await b.SendAsync(ReqOpenOrdersRequest.Instance);
        await b.WaitForAsync<OpenOrderEndMessage>();
        Assert.Empty(b.All<OpenOrderMessage>());

        await b.SendAsync(ReqAllOpenOrdersRequest.Instance);
        await b.WaitUntilAsync(() => b.All<OpenOrderEndMessage>().Count == 2, "second openOrderEnd");
        var all = b.All<OpenOrderMessage>();
        Assert.Contains(all, o => o.OrderId == idA && o.ClientId == 1 && o.Order.OrderRef == "COT-a");
        Assert.Contains(all, o => o.OrderId == external && o.ClientId == 9 && o.Order.OrderRef == "theirs");
    }

    [Fact]
    public async Task The_master_client_and_client_0_with_auto_open_orders_see_other_clients_and_manual_orders()
    {
        await using var sim = await TwsSim.StartAsync(TwsSim.Options() with { MasterClientId = 99 });
        await using var master = await sim.ConnectAsync(99);
        await using var zero = await sim.ConnectAsync(0);
        await zero.SendAsync(new ReqAutoOpenOrdersRequest(true));
        await zero.SyncAsync();

        var manual = sim.Server.PlaceExternalOrder("AAPL", OrderSide.Buy, 1, OrderType.Limit, 100m, clientId: 0);
        var other = sim.Server.PlaceExternalOrder("AAPL", OrderSide.Buy, 1, OrderType.Limit, 100m, clientId: 7);

        Assert.True(manual < 0);
        await master.WaitForAsync<OpenOrderMessage>(o => o.OrderId == manual);
        await master.WaitForAsync<OpenOrderMessage>(o => o.OrderId == other && o.ClientId == 7);
        await zero.WaitForAsync<OpenOrderMessage>(o => o.OrderId == manual && o.ClientId == 0);
        await zero.SyncAsync();
        Assert.DoesNotContain(zero.All<OpenOrderMessage>(), o => o.OrderId == other);
    }

    [Fact]
    public async Task Two_clients_using_the_same_order_ids_do_not_collide()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var a = await sim.ConnectAsync(1);
        await using var b = await sim.ConnectAsync(2);

        await a.SendAsync(TwsOrders.Limit(5000, "AAPL", "BUY", 1, 100m, "a"));
        await b.SendAsync(TwsOrders.Limit(5000, "AAPL", "BUY", 2, 101m, "b"));
        await a.WaitForAsync<OrderStatusMessage>(s => s.OrderId == 5000);
        await b.WaitForAsync<OrderStatusMessage>(s => s.OrderId == 5000);

        Assert.Equal(2, sim.Exchange.GetSnapshot().OpenOrders.Count);
        await b.SendAsync(new CancelOrderRequest(5000));
        await b.WaitForErrorAsync(202, 5000);
        await a.SyncAsync();
        Assert.Empty(a.Errors(202));
        Assert.Equal("a", Assert.Single(sim.Exchange.GetSnapshot().OpenOrders).OrderRef);
    }

    [Fact]
    public async Task A_rejected_order_gets_its_error_and_an_Inactive_status()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;

        sim.Server.RejectNextOrder(201, "drill");
        await client.SendAsync(TwsOrders.Market(id, "AAPL", "BUY", 1, "COT-r"));

        var error = await client.WaitForErrorAsync(201, id);
        Assert.Equal("Order rejected - reason: drill", error.Message);
        await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id && s.Status == "Inactive");
        Assert.Empty(sim.Exchange.GetSnapshot().Positions);
    }

    [Fact]
    public async Task A_partial_fill_reports_the_execution_and_the_remaining_quantity_and_the_order_keeps_working()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;
        await client.SendAsync(TwsOrders.Limit(id, "AAPL", "BUY", 10, 150m, "COT-p"));
        await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id);

        var execution = sim.Server.FillPartially(1, id, 3, 150m);

        var details = await client.WaitForAsync<ExecDetailsMessage>();
        Assert.Equal((id, 3m, 150m, "COT-p", execution.ExecId), (details.OrderId, details.Execution.Shares, details.Execution.Price, details.Execution.OrderRef, details.Execution.ExecId));
        var status = await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id && s.Filled == 3);
        Assert.Equal(("Submitted", 7m), (status.Status, status.Remaining));
        await client.WaitForAsync<CommissionReportMessage>(c => c.ExecId == execution.ExecId);
        Assert.Single(sim.Exchange.GetSnapshot().OpenOrders);

        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Server.FillPartially(1, id, 7));
        Assert.Throws<ArgumentException>(() => sim.Server.FillPartially(1, id + 99, 1));
    }

    [Fact]
    public async Task An_ioc_order_that_does_not_fill_at_once_is_cancelled()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;
        var ioc = TwsOrders.Limit(id, "AAPL", "BUY", 1, 100m);
        await client.SendAsync(ioc with { Order = ioc.Order with { Tif = "IOC" } });

        await client.WaitForAsync<OrderStatusMessage>(s => s.OrderId == id && s.Status == "Cancelled");
        Assert.Empty(sim.Exchange.GetSnapshot().OpenOrders);
    }

    /// <summary>A request encoded, then one field replaced on the wire (for what our encoder refuses to write).</summary>
    private static byte[] Edited(TwsRequest request, int version, string field, string replacement)
    {
        var fields = TwsTestFrames.Fields(TwsTestFrames.Encode(request, version));
        fields[Array.IndexOf(fields, field)] = replacement;
        return TwsTestFrames.Payload(fields);
    }
}
