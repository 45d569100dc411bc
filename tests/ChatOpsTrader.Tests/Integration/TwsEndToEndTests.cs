using System.Collections.Concurrent;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Tws;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Integration;

/// <summary>Our TWS client and adapter against our TWS-protocol simulator, over real loopback sockets.</summary>
public sealed class TwsEndToEndTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chatops-tws-e2e-" + Guid.NewGuid().ToString("N"));
    private PaperExchange _exchange = null!;
    private TwsSimulatorServer _server = null!;
    private TwsBrokerPort _port = null!;
    private readonly CollectingSink _sink = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _exchange = new PaperExchange(new PaperExchangeOptions { StateFilePath = Path.Combine(_folder, "paper.json"), RejectProbability = 0, PartialFillProbability = 0, TickInterval = TimeSpan.FromMilliseconds(50) },
            TimeProvider.System, new Random(3), NullLogger<PaperExchange>.Instance);
        _exchange.Start();
        _server = new TwsSimulatorServer(_exchange, new TwsSimulatorOptions(), TimeProvider.System);
        var endPoint = await _server.StartAsync(0);
        _port = new TwsBrokerPort(new TwsOptions { Host = "127.0.0.1", Port = endPoint.Port, ClientId = 1 }, TimeProvider.System);
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
        string[] symbols = ["AAPL", "MSFT", "NVDA", "SPY", "TSLA"];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _port.SubscribeQuotesAsync(symbols, cts.Token);
        await WaitUntilAsync(() => symbols.All(s => _sink.Quotes.ContainsKey(s)), TimeSpan.FromSeconds(5));
        var first = symbols.ToDictionary(s => s, s => _sink.Quotes[s]);
        await WaitUntilAsync(() => symbols.All(s => _sink.Quotes[s] > first[s] + 5), TimeSpan.FromSeconds(10));
    }

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "quotes so far: " + string.Join(", ", _sink.Quotes.OrderBy(q => q.Key).Select(q => $"{q.Key}={q.Value}")));
            await Task.Delay(20);
        }
    }

    private sealed class CollectingSink : IBrokerEventSink
    {
        public ConcurrentDictionary<string, int> Quotes { get; } = new();

        public void OnBrokerEvent(BrokerEvent brokerEvent)
        {
            if (brokerEvent is QuoteReceived q)
                Quotes.AddOrUpdate(q.Quote.Symbol, 1, (_, n) => n + 1);
        }
    }
}
