using System.Collections.Concurrent;
using System.Diagnostics;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Tws;
using ChatOpsTrader.Storage;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using ChatOpsTrader.Tws.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Integration;

/// <summary>
/// Our TWS client and broker adapter against our TWS-protocol simulator over real loopback sockets: the acceptance
/// list of the IB issue, end to end (real time, bounded waits).
/// </summary>
public sealed class TwsEndToEndTests : IAsyncLifetime
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "NVDA", "SPY", "TSLA"];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chatops-tws-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly CollectingSink _sink = new();
    private PaperExchange _exchange = null!;
    private TwsSimulatorServer _server = null!;
    private TwsBrokerPort _port = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _exchange = new PaperExchange(
            new PaperExchangeOptions { StateFilePath = Path.Combine(_folder, "paper.json"), RejectProbability = 0, PartialFillProbability = 0, TickInterval = TimeSpan.FromMilliseconds(50) },
            TimeProvider.System, new Random(3), NullLogger<PaperExchange>.Instance);
        _exchange.Start();
        _server = new TwsSimulatorServer(_exchange, new TwsSimulatorOptions { MasterClientId = 1 }, TimeProvider.System);
        var endPoint = await _server.StartAsync(0);
        _port = NewPort(endPoint.Port, clientId: 1);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _port.StartAsync(_sink, cts.Token);
    }

    public async Task DisposeAsync()
    {
        await _port.DisposeAsync();
        await _server.DisposeAsync();
        _exchange.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Every_subscribed_symbol_keeps_quoting()
    {
        Assert.True(_port.IsConnected);
        await _port.SubscribeQuotesAsync(Symbols, Timeout());
        await WaitUntilAsync(() => Symbols.All(s => _sink.QuoteCount(s) > 0), "first quotes");
        var first = Symbols.ToDictionary(s => s, _sink.QuoteCount);
        await WaitUntilAsync(() => Symbols.All(s => _sink.QuoteCount(s) > first[s] + 5), "quotes keep coming");
    }

    [Fact]
    public async Task Positions_orders_of_every_type_fills_and_cancels_carry_our_reference()
    {
        _exchange.InjectPosition("SPY", 7, 500m);
        var snapshot = await _port.GetAccountSnapshotAsync(Timeout());
        Assert.Contains(snapshot.Positions, p => p.Symbol == "SPY" && p.Quantity == 7);

        var market = await _port.PlaceOrderAsync(new BrokerOrderRequest("COT-00000000000000a1", "AAPL", OrderSide.Buy, 3, OrderType.Market, null, null), Timeout());
        await WaitUntilAsync(() => _sink.Fills.Any(f => f.OrderRef == "COT-00000000000000a1" && f.BrokerOrderId == market), "market order filled with its reference");

        var limit = await _port.PlaceOrderAsync(new BrokerOrderRequest("COT-00000000000000a2", "MSFT", OrderSide.Buy, 1, OrderType.Limit, 100m, null), Timeout());
        var stop = await _port.PlaceOrderAsync(new BrokerOrderRequest("COT-00000000000000a3", "NVDA", OrderSide.Buy, 1, OrderType.Stop, null, 900m), Timeout());
        var stopLimit = await _port.PlaceOrderAsync(new BrokerOrderRequest("COT-00000000000000a4", "TSLA", OrderSide.Sell, 1, OrderType.StopLimit, 10m, 11m), Timeout());
        var bracket = await _port.PlaceOrderAsync(new BrokerOrderRequest("COT-00000000000000a5", "AAPL", OrderSide.Buy, 2, OrderType.Limit, 100m, null,
            new BracketRequest("COT-00000000000000a5-TP", 110m, "COT-00000000000000a5-SL", 90m)), Timeout());
        foreach (var (id, orderRef, type) in new[] { (limit, "COT-00000000000000a2", OrderType.Limit), (stop, "COT-00000000000000a3", OrderType.Stop), (stopLimit, "COT-00000000000000a4", OrderType.StopLimit), (bracket, "COT-00000000000000a5", OrderType.Limit) })
            await WaitUntilAsync(() => _sink.Latest(id) is { Status: OrderStatus.Submitted } o && o.OrderRef == orderRef && o.Type == type, $"{orderRef} working with its reference and type");
        await WaitUntilAsync(() => _sink.Orders.Values.Count(o => o.ParentId == bracket && o.OrderRef.StartsWith("COT-00000000000000a5-", StringComparison.Ordinal)) == 2, "both bracket children working under the parent");

        await _port.CancelOrderAsync(limit, Timeout());
        await WaitUntilAsync(() => _sink.Latest(limit)?.Status == OrderStatus.Cancelled, "a cancelled order reported Cancelled");

        var external = _server.PlaceExternalOrder("SPY", OrderSide.Sell, 1, OrderType.Limit, 9_000m);
        await WaitUntilAsync(() => _sink.Orders.Values.Any(o => o.ClientId == PaperExchange.DefaultExternalClientId && o.Status == OrderStatus.Submitted), "another client's order seen by the account watchdog");
        await _port.CancelAllAsync(Timeout());
        await WaitUntilAsync(() => _exchange.GetSnapshot().OpenOrders.Count == 0, "global cancel leaves nothing working at the exchange, the other client's order included");
        Assert.True(external != 0);
    }

    [Fact]
    public async Task A_drop_is_seen_entries_fail_and_reconnect_with_resync_brings_what_happened_meanwhile_within_2_seconds()
    {
        var limit = await _port.PlaceOrderAsync(new BrokerOrderRequest("COT-00000000000000b1", "AAPL", OrderSide.Buy, 1, OrderType.Limit, 150m, null), Timeout());
        await WaitUntilAsync(() => _sink.Latest(limit)?.Status == OrderStatus.Submitted, "working");

        _server.PauseAccepting();
        _server.DropAllConnections();
        await WaitUntilAsync(() => !_port.IsConnected && _sink.Connection.Any(c => !c.Connected), "the drop is reported");
        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await _port.PlaceOrderAsync(new BrokerOrderRequest("COT-00000000000000b2", "AAPL", OrderSide.Buy, 1, OrderType.Market, null, null), Timeout()));
        _exchange.GapPrice("AAPL", -30); // the limit order fills while we are away
        await WaitUntilAsync(() => _exchange.GetSnapshot().Executions.Any(e => e.OrderRef == "COT-00000000000000b1"), "filled at the exchange");

        var watch = Stopwatch.StartNew();
        _server.ResumeAccepting();
        await WaitUntilAsync(() => _port.IsConnected, "reconnected");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"reconnect + resync took {watch.Elapsed.TotalMilliseconds:0} ms");
        await WaitUntilAsync(() => _sink.Fills.Any(f => f.OrderRef == "COT-00000000000000b1"), "the fill made while away arrives with the resync");
        var exchange = _exchange.GetSnapshot();
        Assert.DoesNotContain(exchange.OpenOrders, o => o.OrderRef == "COT-00000000000000b2");
        Assert.DoesNotContain(exchange.Executions, e => e.OrderRef == "COT-00000000000000b2");
    }

    [Fact]
    public async Task Ib_connectivity_codes_1100_1101_1102_are_connection_events()
    {
        _server.SendConnectivityLost();
        await WaitUntilAsync(() => _sink.Connection.Any(c => !c.Connected && c.Code == 1100) && !_port.IsConnected, "1100 ⇒ disconnected");
        _server.SendConnectivityRestored(dataLost: true);
        await WaitUntilAsync(() => _sink.Connection.Any(c => c.Connected && c.Code == 1101) && _port.IsConnected, "1101 ⇒ connected (data lost, resubscribed)");
        _server.SendConnectivityLost();
        _server.SendConnectivityRestored(dataLost: false);
        await WaitUntilAsync(() => _sink.Connection.Any(c => c.Connected && c.Code == 1102) && _port.IsConnected, "1102 ⇒ connected");
    }

    [Fact]
    public async Task A_second_bot_with_the_same_client_id_is_told_the_client_id_is_in_use()
    {
        await using var second = NewPort(_server.EndPoint!.Port, clientId: 1);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await second.StartAsync(new CollectingSink(), cts.Token);
        Assert.False(second.IsConnected);
        Assert.Equal(TwsDiagnosisCodes.ClientIdInUse, second.Diagnosis?.Code);
        Assert.True(_port.IsConnected);
    }

    [Fact]
    public async Task While_halted_a_new_order_of_another_client_is_cancelled_at_once_and_alerted()
    {
        var journalPath = Path.Combine(_folder, "journal.db");
        using var journal = SqliteJournal.Open(journalPath, TimeProvider.System);
        var notifier = new CollectingNotifier();
        await _port.StopAsync(Timeout());
        await using var port = NewPort(_server.EndPoint!.Port, clientId: 1);
        var engine = new TradingEngine(journal, port, notifier, TimeProvider.System, new EngineOptions(), NullLogger<TradingEngine>.Instance);
        using var stop = new CancellationTokenSource();
        var run = engine.RunAsync(stop.Token);
        await engine.Ready.WaitAsync(TimeSpan.FromSeconds(15));
        await engine.HaltAsync(EngineHarness.Admin, "integration test", Timeout());

        var external = _server.PlaceExternalOrder("MSFT", OrderSide.Buy, 1, OrderType.Limit, 100m);
        await WaitUntilAsync(() => _exchange.GetSnapshot().OpenOrders.All(o => o.ClientId != PaperExchange.DefaultExternalClientId), "the other client's order is cancelled at the exchange");
        await WaitUntilAsync(() => notifier.Alerts.Any(a => a.Key.StartsWith("watchdog", StringComparison.Ordinal)), "the watchdog alert");
        await stop.CancelAsync();
        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        Assert.True(external != 0);
    }

    [Fact]
    public async Task Account_values_with_the_maintenance_margin_reach_the_margin_watch()
    {
        _exchange.InjectPosition("SPY", 50, 500m);
        await WaitUntilAsync(() => _sink.AccountValues.Any(a => a.NetLiquidation > 0 && a.MaintenanceMargin > 0 && a.ExcessLiquidity < a.NetLiquidation), "account values with a maintenance margin");
    }

    private static TwsBrokerPort NewPort(int port, int clientId) =>
        new(new TwsOptions { Host = "127.0.0.1", Port = port, ClientId = clientId }, TimeProvider.System);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 10)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(seconds), $"not within {seconds} s: {what}; events: {_sink.Describe()}");
            await Task.Delay(10);
        }
    }

    private sealed class CollectingSink : IBrokerEventSink
    {
        private readonly ConcurrentDictionary<string, int> _quotes = new();

        public ConcurrentDictionary<long, BrokerOrder> Orders { get; } = new();

        public ConcurrentQueue<ChatOpsTrader.Core.Portfolio.Fill> Fills { get; } = new();

        public ConcurrentQueue<ConnectionChanged> Connection { get; } = new();

        public ConcurrentQueue<AccountValuesReceived> AccountValues { get; } = new();

        public int QuoteCount(string symbol) => _quotes.GetValueOrDefault(symbol);

        public BrokerOrder? Latest(long id) => Orders.GetValueOrDefault(id);

        public string Describe() =>
            $"{Orders.Count} orders [{string.Join("; ", Orders.Values.Select(o => $"{o.BrokerOrderId} {o.OrderRef} {o.Type} {o.Status} c{o.ClientId}"))}], {Fills.Count} fills, connection [{string.Join("; ", Connection.Select(c => $"{c.Connected}/{c.Code}"))}]";

        public void OnBrokerEvent(BrokerEvent brokerEvent)
        {
            switch (brokerEvent)
            {
                case QuoteReceived q:
                    _quotes.AddOrUpdate(q.Quote.Symbol, 1, (_, n) => n + 1);
                    break;
                case OrderUpdated u:
                    Orders[u.Order.BrokerOrderId] = u.Order;
                    break;
                case ExecutionReceived e:
                    Fills.Enqueue(e.Fill);
                    break;
                case ConnectionChanged c:
                    Connection.Enqueue(c);
                    break;
                case AccountValuesReceived a:
                    AccountValues.Enqueue(a);
                    break;
            }
        }
    }
}
