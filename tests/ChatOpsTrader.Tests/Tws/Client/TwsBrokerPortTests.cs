using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using ChatOpsTrader.Tws.Client;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws.Client;

public class TwsBrokerPortTests
{
    private static readonly TwsContract Aapl = new() { ConId = 265598, Symbol = "AAPL", SecType = "STK", Exchange = "SMART", Currency = "USD", LocalSymbol = "AAPL", TradingClass = "NMS" };

    private static TwsOptions Options(FakeTwsServer server) =>
        new() { Host = "127.0.0.1", Port = server.Port, ClientId = 7, Account = "DU1234567", RequestTimeout = TimeSpan.FromSeconds(5) };

    private static async Task<(TwsBrokerPort Port, CollectingBrokerSink Sink)> StartAsync(FakeTwsServer server, CancellationToken ct, TimeProvider? time = null)
    {
        var port = new TwsBrokerPort(Options(server), time ?? TimeProvider.System);
        var sink = new CollectingBrokerSink();
        await port.StartAsync(sink, ct);
        return (port, sink);
    }

    private static ExecDetailsMessage Execution(string execId, int orderId, int clientId, long permId, string orderRef, string side = "BOT", decimal shares = 10, decimal price = 101.25m) =>
        new(-1, orderId, Aapl, new TwsExecution
        {
            ExecId = execId, Time = "20261121-10:00:00", AcctNumber = "DU1234567", Exchange = "ISLAND", Side = side, Shares = shares,
            Price = price, PermId = permId, ClientId = clientId, CumQty = shares, AvgPrice = price, OrderRef = orderRef,
        });

    [Fact]
    public async Task Start_connects_resyncs_and_reports_connected_with_farm_notices()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        var (port, sink) = await StartAsync(server, cts.Token);
        await using var _ = port;

        Assert.True(port.IsConnected);
        Assert.Equal($"tws 127.0.0.1:{server.Port}", port.Name);
        Assert.True(port.Diagnosis!.IsOk);
        var connected = await sink.WaitForAsync<ConnectionChanged>(c => c.Connected);
        Assert.Contains("resynced", connected.Detail, StringComparison.Ordinal);
        await sink.WaitForAsync<BrokerNotice>(n => n.Code == 2104);
        // The resync: positions, every client's open orders, executions; then P&L.
        var types = server.Received.Select(r => r.Request.GetType()).ToList();
        Assert.Contains(typeof(ReqPositionsRequest), types);
        Assert.Contains(typeof(ReqAllOpenOrdersRequest), types);
        Assert.Contains(typeof(ReqExecutionsRequest), types);
        Assert.Equal(string.Empty, server.ReceivedOf<ReqExecutionsRequest>()[0].Filter.Time);
        await server.WaitForAsync<ReqPnLRequest>();
        Assert.Equal("DU1234567", server.ReceivedOf<ReqPnLRequest>()[0].Account);
    }

    [Fact]
    public async Task Every_order_type_and_a_bracket_reach_TWS_with_orderRef_prices_and_transmit_flags()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { NextValidId = 100 };
        var (port, sink) = await StartAsync(server, cts.Token);
        await using var _ = port;

        Assert.Equal(100, await port.PlaceOrderAsync(new BrokerOrderRequest("COT-mkt", "aapl", OrderSide.Buy, 10, OrderType.Market, null, null), cts.Token));
        Assert.Equal(101, await port.PlaceOrderAsync(new BrokerOrderRequest("COT-lmt", "AAPL", OrderSide.Sell, 5, OrderType.Limit, 150.5m, null), cts.Token));
        Assert.Equal(102, await port.PlaceOrderAsync(new BrokerOrderRequest("COT-stp", "AAPL", OrderSide.Sell, 5, OrderType.Stop, null, 90m), cts.Token));
        Assert.Equal(103, await port.PlaceOrderAsync(new BrokerOrderRequest("COT-sl", "AAPL", OrderSide.Buy, 5, OrderType.StopLimit, 111m, 110m), cts.Token));
        var parent = await port.PlaceOrderAsync(new BrokerOrderRequest("COT-br", "AAPL", OrderSide.Buy, 20, OrderType.Limit, 100m, null,
            new BracketRequest("COT-br-TP", 110m, "COT-br-SL", 95m)), cts.Token);
        Assert.Equal(104, parent);

        await server.WaitForAsync<PlaceOrderRequest>(7);
        var placed = server.ReceivedOf<PlaceOrderRequest>();
        Assert.Equal([100, 101, 102, 103, 104, 105, 106], placed.Select(p => p.OrderId));
        Assert.Equal(["MKT", "LMT", "STP", "STP LMT", "LMT", "LMT", "STP"], placed.Select(p => p.Order.OrderType));
        Assert.Equal(["COT-mkt", "COT-lmt", "COT-stp", "COT-sl", "COT-br", "COT-br-TP", "COT-br-SL"], placed.Select(p => p.Order.OrderRef));
        Assert.Equal([true, true, true, true, false, false, true], placed.Select(p => p.Transmit));
        Assert.Equal([0, 0, 0, 0, 0, 104, 104], placed.Select(p => p.Order.ParentId));
        Assert.Null(placed[0].Order.LmtPrice);
        Assert.Null(placed[0].Order.AuxPrice);
        Assert.Equal(150.5m, placed[1].Order.LmtPrice);
        Assert.Equal(90m, placed[2].Order.AuxPrice);
        Assert.Equal((111m, 110m), (placed[3].Order.LmtPrice!.Value, placed[3].Order.AuxPrice!.Value));
        Assert.Equal("COT-br-OCA", placed[5].Order.OcaGroup);
        Assert.Equal("COT-br-OCA", placed[6].Order.OcaGroup);
        Assert.All(placed, p => Assert.Equal("AAPL", p.Contract.Symbol));
        Assert.All(placed, p => Assert.Equal(("STK", "SMART", "USD", "DU1234567"), (p.Contract.SecType, p.Contract.Exchange, p.Contract.Currency, p.Order.Account)));

        // TWS's acknowledgements come back as OrderUpdated with our ids and client id.
        var tp = await sink.WaitForAsync<OrderUpdated>(o => o.Order.OrderRef == "COT-br-TP");
        Assert.Equal(105, tp.Order.BrokerOrderId);
        Assert.Equal(104, tp.Order.ParentId);
        Assert.Equal(7, tp.Order.ClientId);
        Assert.Equal(OrderType.Limit, tp.Order.Type);
        Assert.Equal(110m, tp.Order.LimitPrice);
        var stop = await sink.WaitForAsync<OrderUpdated>(o => o.Order.OrderRef == "COT-stp");
        Assert.Equal((102L, OrderStatus.Submitted, OrderSide.Sell, 90m), (stop.Order.BrokerOrderId, stop.Order.Status, stop.Order.Side, stop.Order.StopPrice!.Value));
    }

    [Fact]
    public async Task Bad_requests_and_orders_without_a_session_send_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        var (port, _) = await StartAsync(server, cts.Token);
        await using var _ = port;

        await Assert.ThrowsAsync<ArgumentException>(async () => await port.PlaceOrderAsync(new BrokerOrderRequest("COT-x", "AAPL", OrderSide.Buy, 0, OrderType.Market, null, null), cts.Token));
        await Assert.ThrowsAsync<ArgumentException>(async () => await port.PlaceOrderAsync(new BrokerOrderRequest("COT-x", "AAPL", OrderSide.Buy, 1, OrderType.Limit, null, null), cts.Token));
        await port.StopAsync(cts.Token);
        await Assert.ThrowsAsync<TwsNotConnectedException>(async () => await port.PlaceOrderAsync(new BrokerOrderRequest("COT-y", "AAPL", OrderSide.Buy, 1, OrderType.Market, null, null), cts.Token));
        Assert.Empty(server.ReceivedOf<PlaceOrderRequest>());
    }

    [Fact]
    public async Task Fills_become_executions_paired_with_their_commission()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { NextValidId = 5 };
        var (port, sink) = await StartAsync(server, cts.Token);
        await using var _ = port;
        var id = await port.PlaceOrderAsync(new BrokerOrderRequest("COT-f", "AAPL", OrderSide.Buy, 10, OrderType.Market, null, null), cts.Token);
        await sink.WaitForAsync<OrderUpdated>(o => o.Order.BrokerOrderId == id);

        await server.SendAsync(Execution("0001.01", (int)id, 7, 900_001, "COT-f"));
        await server.SendAsync(new OrderStatusMessage((int)id, "Filled", 10, 0, 101.25m, 900_001, 0, 101.25m, 7, string.Empty, null));
        await server.SendAsync(new CommissionReportMessage("0001.01", 1.05m, "USD", null, null, null));

        var fill = (await sink.WaitForAsync<ExecutionReceived>()).Fill;
        Assert.Equal(("0001.01", id, "COT-f", "AAPL", OrderSide.Buy, 10m, 101.25m, 1.05m),
            (fill.ExecId, fill.BrokerOrderId, fill.OrderRef, fill.Symbol, fill.Side, fill.Quantity, fill.Price, fill.Commission));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), fill.Time);
        var filled = await sink.WaitForAsync<OrderUpdated>(o => o.Order.Status == OrderStatus.Filled);
        Assert.Equal((10m, 101.25m), (filled.Order.Filled, filled.Order.AverageFillPrice));
        Assert.Single(sink.Of<ExecutionReceived>());
    }

    [Fact]
    public async Task A_fill_whose_commission_never_comes_is_delivered_after_the_wait_on_the_fake_clock()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var clock = new ManualTimeProvider();
        await using var server = new FakeTwsServer(clock);
        TwsBrokerPort port;
        CollectingBrokerSink sink;
        await using (new ClockPump(clock))
            (port, sink) = await StartAsync(server, cts.Token, clock);
        await using var _ = port;

        await server.SendAsync(Execution("0002.01", 9, 7, 900_002, "COT-g"));
        await Task.Delay(100, cts.Token);
        Assert.Empty(sink.Of<ExecutionReceived>());
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var fill = (await sink.WaitForAsync<ExecutionReceived>()).Fill;
        Assert.Equal((9L, 0m), (fill.BrokerOrderId, fill.Commission));
    }

    [Fact]
    public async Task Cancel_is_sent_and_confirmed_without_a_rejection_and_unknown_cancels_are_notices()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { NextValidId = 20 };
        var (port, sink) = await StartAsync(server, cts.Token);
        await using var _ = port;
        var id = await port.PlaceOrderAsync(new BrokerOrderRequest("COT-c", "AAPL", OrderSide.Buy, 1, OrderType.Limit, 50m, null), cts.Token);
        await sink.WaitForAsync<OrderUpdated>(o => o.Order.BrokerOrderId == id);

        await port.CancelOrderAsync(id, cts.Token);
        await server.WaitForAsync<CancelOrderRequest>();
        Assert.Equal((int)id, server.ReceivedOf<CancelOrderRequest>()[0].OrderId);
        await sink.WaitForAsync<OrderUpdated>(o => o.Order.BrokerOrderId == id && o.Order.Status == OrderStatus.Cancelled);

        await server.SendErrorAsync(999, 10147, "OrderId 999 that needs to be cancelled is not found.");
        var notice = await sink.WaitForAsync<BrokerNotice>(n => n.Code == 10147);
        Assert.Contains("cancel failed: TWS does not know this order", notice.Message, StringComparison.Ordinal);
        Assert.Contains("(order 999)", notice.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Of<OrderRejected>());
    }

    [Fact]
    public async Task Global_cancel_and_the_cancel_of_a_foreign_order_send_reqGlobalCancel()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        var (port, sink) = await StartAsync(server, cts.Token);
        await using var _ = port;

        // Another client's order with the same order id as one of ours would have: distinct ids.
        var foreignOrder = new OpenOrderMessage(1, Aapl, new TwsOrder { Action = "SELL", TotalQuantity = 3, OrderType = "LMT", LmtPrice = 200m, OrderRef = "other-bot" }, 5, 777_001, "Submitted");
        await server.SendAsync(foreignOrder);
        var seen = await sink.WaitForAsync<OrderUpdated>(o => o.Order.ClientId == 5);
        Assert.Equal(TwsOrderIds.ForeignBase + 777_001, seen.Order.BrokerOrderId);
        Assert.Equal((OrderStatus.Submitted, "other-bot", 200m), (seen.Order.Status, seen.Order.OrderRef, seen.Order.LimitPrice!.Value));

        await port.CancelAllAsync(cts.Token);
        await server.WaitForAsync<ReqGlobalCancelRequest>(1);
        await port.CancelOrderAsync(seen.Order.BrokerOrderId, cts.Token);
        await server.WaitForAsync<ReqGlobalCancelRequest>(2);
        Assert.Empty(server.ReceivedOf<CancelOrderRequest>());
    }

    [Fact]
    public async Task Order_errors_become_plain_language_rejections_and_warnings_notices()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer { NextValidId = 30, AcknowledgeOrders = false };
        var (port, sink) = await StartAsync(server, cts.Token);
        await using var _ = port;
        var id = await port.PlaceOrderAsync(new BrokerOrderRequest("COT-r", "AAPL", OrderSide.Buy, 1, OrderType.Limit, 100.003m, null), cts.Token);

        await server.SendErrorAsync((int)id, 110, "The price does not conform to the minimum price variation for this contract.");
        var rejected = await sink.WaitForAsync<OrderRejected>();
        Assert.Equal((id, "COT-r", 110), (rejected.BrokerOrderId, rejected.OrderRef, rejected.Code));
        Assert.StartsWith("order rejected: the price is not a multiple of the contract's minimum tick", rejected.Reason, StringComparison.Ordinal);

        await server.SendErrorAsync((int)id, 399, "Order Message: Warning: your order will not be placed at the exchange until 09:30.");
        var warning = await sink.WaitForAsync<BrokerNotice>(n => n.Code == 399);
        Assert.Contains("the order stays working", warning.Message, StringComparison.Ordinal);
        Assert.Single(sink.Of<OrderRejected>());
    }

    [Fact]
    public async Task Codes_1100_1101_1102_change_the_connection_and_1101_resubscribes_after_a_resync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        var (port, sink) = await StartAsync(server, cts.Token);
        await using var _ = port;
        await port.SubscribeQuotesAsync(["AAPL"], cts.Token);
        await server.WaitForAsync<ReqMktDataRequest>(1);

        await server.SendErrorAsync(-1, 1100, "Connectivity between IB and Trader Workstation has been lost.");
        var lost = await sink.WaitForAsync<ConnectionChanged>(c => c.Code == 1100);
        Assert.False(lost.Connected);
        Assert.Contains("TWS lost its connection to IB", lost.Detail, StringComparison.Ordinal);
        Assert.False(port.IsConnected);

        var positionsBefore = server.ReceivedOf<ReqPositionsRequest>().Count;
        await server.SendErrorAsync(-1, 1101, "Connectivity between IB and TWS has been restored - data lost.");
        var restored = await sink.WaitForAsync<ConnectionChanged>(c => c.Code == 1101);
        Assert.True(restored.Connected);
        Assert.True(port.IsConnected);
        Assert.True(server.ReceivedOf<ReqPositionsRequest>().Count > positionsBefore, "resync before reporting restored");
        await server.WaitForAsync<ReqMktDataRequest>(2);

        await server.SendErrorAsync(-1, 1100, "lost");
        await sink.WaitForAsync<ConnectionChanged>(c => c.Code == 1100 && sink.Of<ConnectionChanged>().Count(x => x.Code == 1100) == 2);
        await server.SendErrorAsync(-1, 1102, "restored - data maintained");
        Assert.True((await sink.WaitForAsync<ConnectionChanged>(c => c.Code == 1102)).Connected);
        Assert.Equal(2, server.ReceivedOf<ReqMktDataRequest>().Count);

        await server.SendErrorAsync(-1, 2103, "Market data farm connection is broken:usfarm");
        Assert.Contains("market data farm connection is broken", (await sink.WaitForAsync<BrokerNotice>(n => n.Code == 2103)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Price_ticks_become_quotes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        var (port, sink) = await StartAsync(server, cts.Token);
        await using var _ = port;
        await port.SubscribeQuotesAsync(["msft"], cts.Token);
        await server.WaitForAsync<ReqMktDataRequest>();
        var request = server.ReceivedOf<ReqMktDataRequest>()[0];
        Assert.Equal(("MSFT", "STK", "SMART", "USD"), (request.Contract.Symbol, request.Contract.SecType, request.Contract.Exchange, request.Contract.Currency));

        await server.SendTickAsync(new TickPriceMessage(request.ReqId, 1, 410.10m, 100, 0));
        await server.SendTickAsync(new TickPriceMessage(request.ReqId, 2, 410.20m, 200, 0));
        await server.SendTickAsync(new TickPriceMessage(request.ReqId, 4, 410.15m, 5, 0));
        var quote = (await sink.WaitForAsync<QuoteReceived>(q => q.Quote.Last > 0)).Quote;
        Assert.Equal(("MSFT", 410.10m, 410.20m, 410.15m), (quote.Symbol, quote.Bid, quote.Ask, quote.Last));
    }

    [Fact]
    public async Task The_snapshot_holds_fresh_positions_every_client_s_working_orders_executions_and_net_liquidation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = new FakeTwsServer();
        server.Positions.Enqueue(new PositionMessage("DU1234567", Aapl, 30, 99.5m));
        server.Positions.Enqueue(new PositionMessage("DU1234567", Aapl with { Symbol = "MSFT" }, 0, 0m));
        server.Positions.Enqueue(new PositionMessage("DU9999999", Aapl with { Symbol = "TSLA" }, 4, 10m));
        var working = new OpenOrderMessage(3, Aapl, new TwsOrder { Action = "SELL", TotalQuantity = 30, OrderType = "STP", AuxPrice = 95m, OrderRef = "COT-a-SL", ParentId = 2 }, 7, 800_003, "PreSubmitted");
        var manual = new OpenOrderMessage(0, Aapl, new TwsOrder { Action = "BUY", TotalQuantity = 1, OrderType = "LMT", LmtPrice = 90m }, 0, 800_004, "Submitted");
        server.OpenOrders.Enqueue((working, new OrderStatusMessage(3, "PreSubmitted", 0, 30, 0, 800_003, 2, 0, 7, string.Empty, null)));
        server.OpenOrders.Enqueue((manual, new OrderStatusMessage(0, "Submitted", 0, 1, 0, 800_004, 0, 0, 0, string.Empty, null)));
        server.Executions.Enqueue((Execution("0003.01", 2, 7, 800_002, "COT-a"), new CommissionReportMessage("0003.01", 1m, "USD", null, null, null)));
        server.NetLiquidation = 123_456.78m;
        var (port, _) = await StartAsync(server, cts.Token);
        await using var _ = port;

        var snapshot = await port.GetAccountSnapshotAsync(cts.Token);
        var position = Assert.Single(snapshot.Positions);
        Assert.Equal(new BrokerPosition("AAPL", 30, 99.5m), position);
        Assert.Equal(2, snapshot.OpenOrders.Count);
        var ours = snapshot.OpenOrders.Single(o => o.ClientId == 7);
        Assert.Equal((3L, 2L, OrderType.Stop, OrderStatus.Submitted), (ours.BrokerOrderId, ours.ParentId!.Value, ours.Type, ours.Status));
        Assert.Equal(TwsOrderIds.ForeignBase + 800_004, snapshot.OpenOrders.Single(o => o.ClientId == 0).BrokerOrderId);
        var fill = Assert.Single(snapshot.Executions);
        Assert.Equal(("0003.01", 2L, 1m), (fill.ExecId, fill.BrokerOrderId, fill.Commission));
        Assert.Equal(123_456.78m, snapshot.NetLiquidation);
        var values = await port.Client.GetAccountValuesAsync(cts.Token);
        Assert.Equal(0.85m, values.Cushion);
    }

    [Fact]
    public async Task The_watchdog_polls_every_client_s_open_orders_so_a_foreign_order_is_seen_without_being_pushed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var clock = new ManualTimeProvider();
        await using var server = new FakeTwsServer(clock);
        TwsBrokerPort port;
        CollectingBrokerSink sink;
        await using (new ClockPump(clock))
            (port, sink) = await StartAsync(server, cts.Token, clock);
        await using var _ = port;
        var polls = server.ReceivedOf<ReqAllOpenOrdersRequest>().Count;

        var foreign = new OpenOrderMessage(12, Aapl, new TwsOrder { Action = "BUY", TotalQuantity = 100, OrderType = "MKT", OrderRef = "someone" }, 9, 555_000, "Submitted");
        server.OpenOrders.Enqueue((foreign, new OrderStatusMessage(12, "Submitted", 0, 100, 0, 555_000, 0, 0, 9, string.Empty, null)));
        await Task.Delay(50, cts.Token);
        Assert.DoesNotContain(sink.Of<OrderUpdated>(), o => o.Order.ClientId == 9);

        clock.Advance(TimeSpan.FromSeconds(5));
        var seen = await sink.WaitForAsync<OrderUpdated>(o => o.Order.ClientId == 9);
        Assert.Equal((TwsOrderIds.ForeignBase + 555_000, OrderStatus.Submitted, "someone"), (seen.Order.BrokerOrderId, seen.Order.Status, seen.Order.OrderRef));
        Assert.Equal(polls + 1, server.ReceivedOf<ReqAllOpenOrdersRequest>().Count);
    }
}
