using System.Net;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Tws;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Simulator.Tws;

/// <summary>A simulator on 127.0.0.1:0 over a quiet exchange (no random rejections or partial fills) and a manual clock.</summary>
internal sealed class TwsSim : IAsyncDisposable
{
    public const string Account = "DU1234567";

    private TwsSim(ManualTimeProvider clock, PaperExchange exchange, TwsSimulatorServer server, IPEndPoint endPoint)
    {
        Clock = clock;
        Exchange = exchange;
        Server = server;
        EndPoint = endPoint;
    }

    public ManualTimeProvider Clock { get; }

    public PaperExchange Exchange { get; }

    public TwsSimulatorServer Server { get; }

    public IPEndPoint EndPoint { get; }

    public static async Task<TwsSim> StartAsync(TwsSimulatorOptions? options = null)
    {
        var clock = new ManualTimeProvider();
        var exchange = Paper.Exchange(clock, Paper.Quiet() with { AccountId = Account });
        var server = new TwsSimulatorServer(exchange, options ?? Options(), clock);
        var endPoint = await server.StartAsync(0);
        return new TwsSim(clock, exchange, server, endPoint);
    }

    public static TwsSimulatorOptions Options() => new() { CloseLinger = TimeSpan.FromMilliseconds(300) };

    public Task<RawTwsClient> ConnectAsync(int clientId) => RawTwsClient.ConnectAsync(EndPoint, clientId);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Server.StopAsync(timeout.Token);
        await Server.DisposeAsync();
        Exchange.Dispose();
    }
}

/// <summary>Contracts and orders as a client sends them.</summary>
internal static class TwsOrders
{
    public static TwsContract Stock(string symbol) => new() { Symbol = symbol, SecType = "STK", Exchange = "SMART", Currency = "USD" };

    public static PlaceOrderRequest Market(int id, string symbol, string action, decimal quantity, string orderRef = "", bool transmit = true, int parentId = 0) =>
        new(id, Stock(symbol), new TwsOrder { Action = action, TotalQuantity = quantity, OrderType = "MKT", OrderRef = orderRef, ParentId = parentId }, transmit);

    public static PlaceOrderRequest Limit(int id, string symbol, string action, decimal quantity, decimal price, string orderRef = "", bool transmit = true, int parentId = 0, string ocaGroup = "") =>
        new(id, Stock(symbol), new TwsOrder { Action = action, TotalQuantity = quantity, OrderType = "LMT", LmtPrice = price, OrderRef = orderRef, ParentId = parentId, OcaGroup = ocaGroup, OcaType = ocaGroup.Length > 0 ? 1 : 0 }, transmit);

    public static PlaceOrderRequest Stop(int id, string symbol, string action, decimal quantity, decimal stop, string orderRef = "", bool transmit = true, int parentId = 0) =>
        new(id, Stock(symbol), new TwsOrder { Action = action, TotalQuantity = quantity, OrderType = "STP", AuxPrice = stop, OrderRef = orderRef, ParentId = parentId }, transmit);

    public static PlaceOrderRequest StopLimit(int id, string symbol, string action, decimal quantity, decimal stop, decimal limit, string orderRef = "") =>
        new(id, Stock(symbol), new TwsOrder { Action = action, TotalQuantity = quantity, OrderType = "STP LMT", AuxPrice = stop, LmtPrice = limit, OrderRef = orderRef });
}
