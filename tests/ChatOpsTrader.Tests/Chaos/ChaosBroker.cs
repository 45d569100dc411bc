using System.Collections.Concurrent;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Tws;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Chaos;

/// <summary>
/// The broker of a chaos test, owned by the test so it outlives any bot it serves: a paper exchange (ticking) behind
/// a TWS-protocol simulator on a free loopback port. It records every order and execution the exchange ever had,
/// so the test can compare the bot's view with the truth.
/// </summary>
internal sealed class ChaosBroker : IAsyncDisposable
{
    private readonly IDisposable _subscription;
    private readonly ConcurrentDictionary<long, PaperOrder> _orders = new();
    private readonly ConcurrentDictionary<string, PaperExecution> _executions = new(StringComparer.Ordinal);

    private ChaosBroker(string folder, PaperExchange exchange, TwsSimulatorServer server)
    {
        Folder = folder;
        Exchange = exchange;
        Server = server;
        _subscription = exchange.Subscribe(OnEvent);
    }

    /// <summary>Where the exchange keeps its state.</summary>
    public string Folder { get; }

    /// <summary>The paper exchange (the truth).</summary>
    public PaperExchange Exchange { get; }

    /// <summary>The TWS-protocol server in front of it.</summary>
    public TwsSimulatorServer Server { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port => Server.EndPoint!.Port;

    /// <summary>Every order the exchange reported, latest state, by exchange id.</summary>
    public IReadOnlyCollection<PaperOrder> Orders => [.. _orders.Values];

    /// <summary>Every execution the exchange reported, by execution id.</summary>
    public IReadOnlyDictionary<string, PaperExecution> Executions => _executions;

    /// <summary>
    /// Starts the exchange (ticking every <paramref name="tick"/>) and the server. <paramref name="masterClientId"/>
    /// is the bot's client id, as the README asks of a real TWS.
    /// </summary>
    public static async Task<ChaosBroker> StartAsync(int seed, int masterClientId, double partialFillProbability, TimeSpan tick)
    {
        var folder = Path.Combine(Path.GetTempPath(), "chatops-chaos-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var exchange = new PaperExchange(
            new PaperExchangeOptions
            {
                StateFilePath = Path.Combine(folder, "paper-exchange.json"),
                RejectProbability = 0,
                PartialFillProbability = partialFillProbability,
                TickInterval = tick,
            },
            TimeProvider.System, new Random(seed), NullLogger<PaperExchange>.Instance);
        var server = new TwsSimulatorServer(exchange, new TwsSimulatorOptions { MasterClientId = masterClientId }, TimeProvider.System, NullLogger<TwsSimulatorServer>.Instance);
        var broker = new ChaosBroker(folder, exchange, server);
        exchange.Start();
        await server.StartAsync(0);
        return broker;
    }

    /// <summary>Orders still working at the exchange now.</summary>
    public int WorkingOrderCount => Exchange.GetSnapshot().OpenOrders.Count;

    /// <summary>Signed positions at the exchange now, by symbol (non-zero only).</summary>
    public Dictionary<string, decimal> Positions() =>
        Exchange.GetSnapshot().Positions.Where(p => p.Quantity != 0).ToDictionary(p => p.Symbol, p => p.Quantity, StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await Server.DisposeAsync();
        Exchange.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void OnEvent(PaperEvent e)
    {
        switch (e)
        {
            case PaperOrderStatusChanged s:
                _orders[s.Order.OrderId] = s.Order;
                break;
            case PaperOrderRejected r:
                _orders[r.Order.OrderId] = r.Order;
                break;
            case PaperOrderExecuted x:
                _executions[x.Execution.ExecId] = x.Execution;
                break;
        }
    }
}
