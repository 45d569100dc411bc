using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Tests.Support;

/// <summary>
/// A broker that records every call and lets a test push events. Market orders can fill at once
/// (<see cref="FillMarketOrders"/>) so flatten completes without a clock. Checks can run at each call
/// (e.g. "the intent is already journaled").
/// </summary>
public sealed class ScriptedBroker(TimeProvider time) : IBrokerPort
{
    private readonly Lock _lock = new();
    private long _nextId = 100;
    private int _exec;
    private IBrokerEventSink? _sink;

    public string Name => "scripted";

    public bool IsConnected { get; set; } = true;

    public bool FillMarketOrders { get; set; }

    public List<BrokerOrderRequest> Placed { get; } = [];

    public List<long> Cancelled { get; } = [];

    public int CancelAlls { get; private set; }

    public List<BrokerPosition> Positions { get; } = [];

    public List<BrokerOrder> OpenOrders { get; } = [];

    public List<Fill> Executions { get; } = [];

    public Action<BrokerOrderRequest>? OnPlace { get; set; }

    public Action? OnCancelAll { get; set; }

    public Task StartAsync(IBrokerEventSink sink, CancellationToken cancellationToken)
    {
        _sink = sink;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask<long> PlaceOrderAsync(BrokerOrderRequest request, CancellationToken cancellationToken)
    {
        OnPlace?.Invoke(request);
        long id;
        lock (_lock)
        {
            id = ++_nextId;
            Placed.Add(request);
            var order = new BrokerOrder(id, request.OrderRef, request.Symbol, request.Side, request.Quantity, request.Type, request.LimitPrice, request.StopPrice, null, OrderStatus.Submitted, 0, 0, 1);
            if (FillMarketOrders && request.Type == OrderType.Market)
            {
                var price = 100m;
                var fill = new Fill($"E{++_exec}", id, request.OrderRef, request.Symbol, request.Side, request.Quantity, price, 1m, time.GetUtcNow());
                Executions.Add(fill);
                ApplyToPositions(fill);
                Push(new OrderUpdated(time.GetUtcNow(), order with { Status = OrderStatus.Filled, Filled = request.Quantity, AverageFillPrice = price }));
                Push(new ExecutionReceived(time.GetUtcNow(), fill));
            }
            else
            {
                OpenOrders.Add(order);
                Push(new OrderUpdated(time.GetUtcNow(), order));
            }
        }
        return ValueTask.FromResult(id);
    }

    public ValueTask CancelOrderAsync(long brokerOrderId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Cancelled.Add(brokerOrderId);
            var order = OpenOrders.FirstOrDefault(o => o.BrokerOrderId == brokerOrderId);
            if (order is not null)
            {
                OpenOrders.Remove(order);
                Push(new OrderUpdated(time.GetUtcNow(), order with { Status = OrderStatus.Cancelled }));
            }
        }
        return ValueTask.CompletedTask;
    }

    public bool FailCancelAll { get; set; }

    public ValueTask CancelAllAsync(CancellationToken cancellationToken)
    {
        if (FailCancelAll)
            throw new InvalidOperationException("not connected");
        OnCancelAll?.Invoke();
        lock (_lock)
        {
            CancelAlls++;
            foreach (var order in OpenOrders)
                Push(new OrderUpdated(time.GetUtcNow(), order with { Status = OrderStatus.Cancelled }));
            OpenOrders.Clear();
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<BrokerAccountSnapshot> GetAccountSnapshotAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return ValueTask.FromResult(new BrokerAccountSnapshot(time.GetUtcNow(), [.. Positions], [.. OpenOrders], [.. Executions]));
    }

    public ValueTask SubscribeQuotesAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Push(BrokerEvent e) => _sink?.OnBrokerEvent(e);

    public void Quote(string symbol, decimal bid, decimal ask) => Push(new QuoteReceived(time.GetUtcNow(), new Quote(symbol, bid, ask, (bid + ask) / 2, time.GetUtcNow())));

    /// <summary>A fill of an order the engine knows, with the broker's positions updated.</summary>
    public Fill Fill(BrokerOrderRequest request, decimal price, decimal? quantity = null)
    {
        lock (_lock)
        {
            var id = OpenOrders.FirstOrDefault(o => o.OrderRef == request.OrderRef)?.BrokerOrderId ?? 0;
            var fill = new Fill($"E{++_exec}", id, request.OrderRef, request.Symbol, request.Side, quantity ?? request.Quantity, price, 1m, time.GetUtcNow());
            Executions.Add(fill);
            ApplyToPositions(fill);
            OpenOrders.RemoveAll(o => o.OrderRef == request.OrderRef);
            Push(new ExecutionReceived(time.GetUtcNow(), fill));
            return fill;
        }
    }

    private void ApplyToPositions(Fill fill)
    {
        var existing = Positions.FirstOrDefault(p => p.Symbol == fill.Symbol);
        var qty = (existing?.Quantity ?? 0) + (fill.Side.Sign() * fill.Quantity);
        if (existing is not null)
            Positions.Remove(existing);
        if (qty != 0)
            Positions.Add(new BrokerPosition(fill.Symbol, qty, existing is not null && Math.Sign(existing.Quantity) == Math.Sign(qty) ? existing.AverageCost : fill.Price));
    }
}
