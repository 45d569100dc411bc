using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Tws;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Broker;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>
/// The TWS path on loopback, as the embedded default runs it: a paper exchange behind our TWS-protocol simulator, and
/// our TWS client and broker adapter connected to it over a real socket.
/// </summary>
public sealed class TwsLoopback : IAsyncDisposable
{
    private readonly string _folder;

    private TwsLoopback(string folder, PaperExchange exchange, TwsSimulatorServer server, TwsBrokerPort port)
    {
        _folder = folder;
        Exchange = exchange;
        Server = server;
        Port = port;
    }

    /// <summary>The paper exchange (the broker's truth).</summary>
    public PaperExchange Exchange { get; }

    /// <summary>The TWS-protocol server in front of it.</summary>
    public TwsSimulatorServer Server { get; }

    /// <summary>Our adapter, not yet started.</summary>
    public TwsBrokerPort Port { get; }

    /// <summary>Starts an exchange trading <paramref name="symbols"/> (price 100 each unless known) and its server.</summary>
    public static async Task<TwsLoopback> StartAsync(IReadOnlyCollection<string> symbols)
    {
        var folder = Path.Combine(Path.GetTempPath(), "chatops-loopback-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var exchange = new PaperExchange(
            new PaperExchangeOptions
            {
                Symbols = symbols.ToDictionary(s => s, s => PaperExchangeOptions.DefaultSymbols.GetValueOrDefault(s, 100m), StringComparer.Ordinal),
                StateFilePath = Path.Combine(folder, "paper.json"),
                RejectProbability = 0,
                PartialFillProbability = 0,
                TickInterval = TimeSpan.FromMilliseconds(250),
            },
            TimeProvider.System, new Random(7), NullLogger<PaperExchange>.Instance);
        exchange.Start();
        var server = new TwsSimulatorServer(exchange, new TwsSimulatorOptions { MasterClientId = 1 }, TimeProvider.System);
        var endPoint = await server.StartAsync(0);
        var port = new TwsBrokerPort(new TwsOptions { Host = "127.0.0.1", Port = endPoint.Port, ClientId = 1 }, TimeProvider.System);
        return new TwsLoopback(folder, exchange, server, port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Port.DisposeAsync();
        await Server.DisposeAsync();
        Exchange.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
