using System.Diagnostics;
using System.Globalization;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Tws;
using ChatOpsTrader.Storage;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Integration;

/// <summary>
/// A 500-order flatten through the engine, our TWS client and the TWS simulator, which enforces TWS's 50 messages per
/// second (one violation: error 100 and a dropped connection). Real time: about 500/40 s.
/// </summary>
public sealed class TwsFlattenPacingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Flattening_500_positions_stays_under_the_message_limit_and_ends_flat()
    {
        const int positions = 500;
        var folder = Path.Combine(Path.GetTempPath(), "chatops-flatten-500-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var symbols = Enumerable.Range(0, positions).Select(i => "F" + i.ToString("000", CultureInfo.InvariantCulture)).ToList();
        using var exchange = new PaperExchange(
            new PaperExchangeOptions
            {
                Symbols = symbols.ToDictionary(s => s, _ => 50m, StringComparer.Ordinal),
                StateFilePath = Path.Combine(folder, "paper.json"),
                RejectProbability = 0,
                PartialFillProbability = 0,
                TickInterval = TimeSpan.FromMilliseconds(500),
            },
            TimeProvider.System, new Random(11), NullLogger<PaperExchange>.Instance);
        exchange.Start();
        await using var server = new TwsSimulatorServer(exchange, new TwsSimulatorOptions { MasterClientId = 1 }, TimeProvider.System);
        var endPoint = await server.StartAsync(0);
        for (var i = 0; i < positions; i++)
            exchange.InjectPosition(symbols[i], i % 2 == 0 ? 3 : -3, 50m);

        try
        {
            await using var port = new TwsBrokerPort(new TwsOptions { Host = "127.0.0.1", Port = endPoint.Port, ClientId = 1 }, TimeProvider.System);
            using var journal = SqliteJournal.Open(Path.Combine(folder, "journal.db"), TimeProvider.System);
            var engine = new TradingEngine(journal, port, new CollectingNotifier(), TimeProvider.System,
                new EngineOptions { Symbols = symbols, FlattenTimeout = TimeSpan.FromSeconds(60) }, NullLogger<TradingEngine>.Instance);
            using var stop = new CancellationTokenSource();
            var run = engine.RunAsync(stop.Token);
            await engine.Ready.WaitAsync(TimeSpan.FromSeconds(30));
            var connects = port.ConnectCount;

            var watch = Stopwatch.StartNew();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var report = await engine.FlattenAsync(EngineHarness.Admin, null, limit.Token);
            watch.Stop();
            output.WriteLine($"flatten of {positions}: {watch.Elapsed.TotalSeconds:0.00} s, {report.OrdersSent.Count} orders, flat={report.Flat}, connects {connects}->{port.ConnectCount}");

            Assert.True(report.Flat, report.Message);
            Assert.Equal(positions, report.OrdersSent.Count);
            Assert.DoesNotContain(exchange.GetSnapshot().Positions, p => p.Quantity != 0);
            Assert.Equal(connects, port.ConnectCount); // no error 100, no dropped connection
            Assert.True(port.IsConnected);
            // How long it takes is the benchmark's to measure (flatten pacing in benchmarks/results.md), not a loaded CI machine's.

            await stop.CancelAsync();
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
