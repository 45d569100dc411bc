using System.Globalization;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Simulator.Tws;

public class TwsSimulatorDataTests
{
    [Fact]
    public async Task Positions_are_listed_then_positionEnd_then_changes_stream_including_an_injected_position()
    {
        await using var sim = await TwsSim.StartAsync();
        sim.Server.InjectPosition("AAPL", 10, 190m);
        await using var client = await sim.ConnectAsync(1);

        await client.SendAsync(ReqPositionsRequest.Instance);
        await client.WaitForAsync<PositionEndMessage>();
        var position = Assert.Single(client.All<PositionMessage>());
        Assert.Equal((TwsSim.Account, "AAPL", "STK", 10m, 190m), (position.Account, position.Contract.Symbol, position.Contract.SecType, position.Position, position.AvgCost!.Value));

        sim.Server.InjectPosition("TSLA", -5, 240m); // nobody ordered it
        var injected = await client.WaitForAsync<PositionMessage>(p => p.Contract.Symbol == "TSLA");
        Assert.Equal(-5, injected.Position);

        await client.SendAsync(TwsOrders.Market(client.All<NextValidIdMessage>()[0].OrderId, "AAPL", "SELL", 10));
        var closed = await client.WaitForAsync<PositionMessage>(p => p.Contract.Symbol == "AAPL" && p.Position == 0);
        Assert.Equal(0, closed.Position);

        await client.SendAsync(CancelPositionsRequest.Instance);
        await client.SyncAsync();
        var count = client.All<PositionMessage>().Count;
        sim.Server.InjectPosition("SPY", 1, 560m);
        await client.SyncAsync();
        Assert.Equal(count, client.All<PositionMessage>().Count);
    }

    [Fact]
    public async Task Executions_are_filtered_and_each_comes_with_its_commission_report()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var id = client.All<NextValidIdMessage>()[0].OrderId;
        await client.SendAsync(TwsOrders.Market(id, "AAPL", "BUY", 2, "COT-e1"));
        await client.SendAsync(TwsOrders.Market(id + 1, "MSFT", "BUY", 2, "COT-e2"));
        await client.SendAsync(TwsOrders.Market(id + 2, "AAPL", "SELL", 2, "COT-e3"));
        await client.WaitUntilAsync(() => client.All<OrderStatusMessage>(s => s.Status == "Filled").Count == 3, "three fills");

        await client.SendAsync(new ReqExecutionsRequest(7, new TwsExecutionFilter { Symbol = "AAPL" }));
        await client.WaitForAsync<ExecDetailsEndMessage>(e => e.ReqId == 7);
        var aapl = client.All<ExecDetailsMessage>(e => e.ReqId == 7);
        Assert.Equal(["COT-e1", "COT-e3"], aapl.Select(e => e.Execution.OrderRef));
        var commissions = client.All<CommissionReportMessage>().Select(c => c.ExecId).ToHashSet();
        Assert.All(aapl, e => Assert.Contains(e.Execution.ExecId, commissions));
        Assert.NotNull(client.All<CommissionReportMessage>().First(c => c.ExecId == aapl[1].Execution.ExecId).RealizedPnl);

        await client.SendAsync(new ReqExecutionsRequest(8, new TwsExecutionFilter { Side = "BUY", ClientId = 1 }));
        await client.WaitForAsync<ExecDetailsEndMessage>(e => e.ReqId == 8);
        Assert.Equal(["COT-e1", "COT-e2"], client.All<ExecDetailsMessage>(e => e.ReqId == 8).Select(e => e.Execution.OrderRef));

        var later = sim.Clock.GetUtcNow().AddMinutes(1).UtcDateTime.ToString("yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture);
        await client.SendAsync(new ReqExecutionsRequest(10, new TwsExecutionFilter { Time = later }));
        await client.WaitForAsync<ExecDetailsEndMessage>(e => e.ReqId == 10);
        Assert.Empty(client.All<ExecDetailsMessage>(e => e.ReqId == 10));

        await client.SendAsync(new ReqExecutionsRequest(11, new TwsExecutionFilter { Time = "yesterday" }));
        await client.WaitForErrorAsync(321, 11);
    }

    [Fact]
    public async Task Account_summary_and_account_updates_carry_net_liquidation_and_margin_values()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);

        await client.SendAsync(new ReqAccountSummaryRequest(3, "All", "NetLiquidation,TotalCashValue,Cushion,MaintMarginReq,$LEDGER"));
        await client.WaitForAsync<AccountSummaryEndMessage>(e => e.ReqId == 3);
        var summary = client.All<AccountSummaryMessage>().ToLookup(s => s.Tag);
        Assert.Equal("100000.00", summary["NetLiquidation"].Single().Value);
        Assert.Equal(TwsSim.Account, summary["NetLiquidation"].Single().Account);
        Assert.Equal("USD", summary["NetLiquidation"].Single().Currency);
        Assert.Equal("1.0000", summary["Cushion"].Single().Value);
        Assert.Equal("0.00", summary["MaintMarginReq"].Single().Value);
        Assert.Equal("100000.00", summary["CashBalance"].Single().Value);

        await client.SendAsync(new ReqAccountSummaryRequest(4, "All", "NetLiquidation"));
        await client.SendAsync(new ReqAccountSummaryRequest(5, "All", "NetLiquidation"));
        await client.WaitForErrorAsync(322, 5); // at most two at once

        await client.SendAsync(new ReqAccountUpdatesRequest(true, TwsSim.Account));
        await client.WaitForAsync<UnknownMessage>(m => m.Id == 54); // accountDownloadEnd
        var values = client.All<UpdateAccountValueMessage>().ToDictionary(v => v.Key);
        Assert.Equal("100000.00", values["NetLiquidation"].Value);
        Assert.Equal(TwsSim.Account, values["NetLiquidation"].Account);
        Assert.Contains("ExcessLiquidity", values.Keys);

        // A fill sends updatePortfolio (7) and fresh values to the subscriber.
        await client.SendAsync(TwsOrders.Market(client.All<NextValidIdMessage>()[0].OrderId, "SPY", "BUY", 10));
        await client.WaitForAsync<UnknownMessage>(m => m.Id == 7);
        await client.WaitUntilAsync(() => client.All<UpdateAccountValueMessage>(v => v.Key == "GrossPositionValue" && v.Value != "0.00").Count > 0, "gross position value");

        // Every AccountUpdateInterval the summaries come again.
        var before = client.All<AccountSummaryMessage>(s => s.ReqId == 3).Count;
        sim.Clock.Advance(TimeSpan.FromMinutes(3));
        await client.WaitUntilAsync(() => client.All<AccountSummaryMessage>(s => s.ReqId == 3).Count > before, "the summary again");
    }

    [Fact]
    public async Task PnL_arrives_every_second_of_the_clock_until_cancelled()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        await client.SendAsync(new ReqPnLRequest(12, TwsSim.Account));
        await client.SendAsync(TwsOrders.Market(client.All<NextValidIdMessage>()[0].OrderId, "AAPL", "BUY", 10));
        await client.SyncAsync();

        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        var pnl = await client.WaitForAsync<PnLMessage>(p => p.ReqId == 12);
        Assert.NotNull(pnl.DailyPnL);
        Assert.True(pnl.DailyPnL < 0); // bought at the ask, marked at the mid, commission paid
        Assert.Equal(0, pnl.RealizedPnL);
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        await client.WaitUntilAsync(() => client.All<PnLMessage>().Count == 2, "a second pnl");

        await client.SendAsync(new CancelPnLRequest(12));
        await client.SyncAsync();
        sim.Clock.Advance(TimeSpan.FromSeconds(3));
        await client.SyncAsync();
        Assert.Equal(2, client.All<PnLMessage>().Count);

        await client.SendAsync(new ReqPnLRequest(13, "U999"));
        await client.WaitForErrorAsync(321, 13);
    }

    [Fact]
    public async Task Market_data_streams_bid_ask_and_last_ticks_stalls_on_command_and_shows_a_gap()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        sim.Exchange.TryGetQuote("AAPL", out var quote);

        await client.SendAsync(new ReqMktDataRequest(21, TwsOrders.Stock("AAPL")));
        await client.WaitForAsync<MarketDataTypeMessage>(m => m.ReqId == 21 && m.MarketDataType == 1);
        await client.WaitUntilAsync(() => client.All<TickPriceMessage>().Count == 3, "bid, ask and last");
        var ticks = client.All<TickPriceMessage>().ToDictionary(t => t.TickType);
        Assert.Equal(quote.Bid, ticks[1].Price);
        Assert.Equal(quote.Ask, ticks[2].Price);
        Assert.Equal(quote.Last, ticks[4].Price);
        Assert.Equal(100, ticks[1].Size);
        Assert.True(ticks[1].CanAutoExecute);
        await client.WaitUntilAsync(() => client.All<TickSizeMessage>().Select(t => t.TickType).Order().SequenceEqual([0, 3, 5]), "sizes");

        sim.Exchange.Start();
        sim.Clock.Advance(TimeSpan.FromSeconds(2));
        await client.WaitUntilAsync(() => client.All<TickPriceMessage>().Count > 3, "moving ticks");

        sim.Server.StallMarketData(true);
        await client.SyncAsync();
        var stalledAt = client.All<TickPriceMessage>().Count;
        sim.Clock.Advance(TimeSpan.FromSeconds(5));
        await client.SyncAsync();
        Assert.Equal(stalledAt, client.All<TickPriceMessage>().Count);

        sim.Server.StallMarketData(false);
        sim.Exchange.TryGetQuote("AAPL", out var beforeGap);
        sim.Server.GapPrice("AAPL", -10);
        await client.WaitForAsync<TickPriceMessage>(t => t.TickType == 1 && t.Price < beforeGap.Bid * 0.92m);

        await client.SendAsync(new CancelMktDataRequest(21));
        await client.SyncAsync();
        var cancelledAt = client.All<TickPriceMessage>().Count;
        sim.Clock.Advance(TimeSpan.FromSeconds(2));
        await client.SyncAsync();
        Assert.Equal(cancelledAt, client.All<TickPriceMessage>().Count);
    }

    [Fact]
    public async Task Delayed_market_data_uses_the_delayed_tick_types_and_an_unknown_contract_gets_200()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);

        await client.SendAsync(new ReqMarketDataTypeRequest(3));
        await client.SendAsync(new ReqMktDataRequest(1, TwsOrders.Stock("MSFT")));
        await client.WaitForAsync<MarketDataTypeMessage>(m => m.MarketDataType == 3);
        await client.WaitUntilAsync(() => client.All<TickPriceMessage>().Select(t => t.TickType).Order().SequenceEqual([66, 67, 68]), "delayed ticks");

        await client.SendAsync(new ReqMktDataRequest(2, TwsOrders.Stock("ZZZZ")));
        await client.WaitForErrorAsync(200, 2);
        await client.SendAsync(new ReqMktDataRequest(3, new TwsContract { ConId = 272093 })); // MSFT by contract id alone
        await client.WaitForAsync<MarketDataTypeMessage>(m => m.ReqId == 3);
        await client.SendAsync(new ReqMktDataRequest(4, TwsOrders.Stock("MSFT") with { ConId = 1 })); // contradicting id
        await client.WaitForErrorAsync(200, 4);
    }

    [Fact]
    public async Task A_snapshot_request_sends_the_current_ticks_then_tickSnapshotEnd_and_no_stream()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);

        await client.SendAsync(new ReqMktDataRequest(31, TwsOrders.Stock("SPY"), Snapshot: true));
        await client.WaitForAsync<UnknownMessage>(m => m.Id == 57); // tickSnapshotEnd
        Assert.Equal(3, client.All<TickPriceMessage>().Count);

        sim.Exchange.Start();
        sim.Clock.Advance(TimeSpan.FromSeconds(2));
        await client.SyncAsync();
        Assert.Equal(3, client.All<TickPriceMessage>().Count);
    }

    [Fact]
    public async Task Ids_time_and_accounts_are_answered()
    {
        await using var sim = await TwsSim.StartAsync();
        await using var client = await sim.ConnectAsync(1);
        var first = client.All<NextValidIdMessage>()[0].OrderId;
        await client.SendAsync(TwsOrders.Limit(first + 10, "AAPL", "BUY", 1, 100m));

        await client.SendAsync(new ReqIdsRequest());
        await client.WaitUntilAsync(() => client.All<NextValidIdMessage>().Count == 2, "a second nextValidId");
        Assert.True(client.All<NextValidIdMessage>()[1].OrderId > first + 10);

        await client.SyncAsync();
        Assert.Equal(sim.Clock.GetUtcNow().ToUnixTimeSeconds(), client.All<CurrentTimeMessage>()[0].EpochSeconds);

        await client.SendAsync(ReqManagedAcctsRequest.Instance);
        await client.WaitUntilAsync(() => client.All<ManagedAccountsMessage>().Count == 2, "managedAccounts");
    }
}
