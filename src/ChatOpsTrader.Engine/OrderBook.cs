using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Engine;

/// <summary>Working orders by broker id (ours and external). Owned by the engine loop.</summary>
internal sealed class OrderBook
{
    private readonly Dictionary<long, WorkingOrder> _working = [];
    private readonly Dictionary<string, int> _workingPerSymbol = new(StringComparer.Ordinal);
    private readonly Dictionary<long, decimal> _executed = [];

    public int Count => _working.Count;

    public int OursCount { get; private set; }

    public IEnumerable<WorkingOrder> All => _working.Values;

    public bool TryGet(long brokerOrderId, out WorkingOrder order) => _working.TryGetValue(brokerOrderId, out order!);

    public int CountFor(string symbol) => _workingPerSymbol.TryGetValue(symbol, out var n) ? n : 0;

    /// <summary>Signed quantity still open in our working entry orders for a symbol (children excluded).</summary>
    public decimal PendingQuantity(string symbol)
    {
        decimal total = 0;
        foreach (var order in _working.Values)
        {
            if (order.Origin is OrderOrigin.External or OrderOrigin.Bracket || order.Order.Symbol != symbol)
                continue;
            total += order.Order.Side.Sign() * order.Order.Remaining;
        }
        return total;
    }

    /// <summary>
    /// Adds an execution to the quantity executed for its order. Returns the order closed as filled when this completes
    /// one of our working orders (see <see cref="CompletedByExecutions"/>); the caller applies and journals it.
    /// </summary>
    public WorkingOrder? RecordExecution(long brokerOrderId, decimal quantity)
    {
        if (_executed.Count >= MaxTrackedExecutedOrders)
        {
            // Bounded: what matters is the orders still working; the others can no longer be completed.
            foreach (var id in _executed.Keys.Where(id => !_working.ContainsKey(id)).ToList())
                _executed.Remove(id);
        }
        _executed[brokerOrderId] = _executed.GetValueOrDefault(brokerOrderId) + quantity;
        return _working.TryGetValue(brokerOrderId, out var order) ? CompletedByExecutions(order) : null;
    }

    /// <summary>
    /// The executions are the truth about our own orders: a working order of ours whose executions add up to its quantity
    /// is filled, even when no order status said so (it filled while we were down, and TWS reports no status for a
    /// completed order after a reconnect). Returns the filled version, or null when the order is not completed.
    /// </summary>
    public WorkingOrder? CompletedByExecutions(WorkingOrder order)
    {
        if (order.Origin == OrderOrigin.External || !order.Order.Status.IsWorking() || order.Order.Quantity <= 0
            || _executed.GetValueOrDefault(order.Order.BrokerOrderId) < order.Order.Quantity)
            return null;
        return order with { Order = order.Order with { Status = OrderStatus.Filled, Filled = order.Order.Quantity } };
    }

    /// <summary>Stores the order while it works; removes it once terminal. Returns the previous version.</summary>
    public WorkingOrder? Apply(WorkingOrder order)
    {
        _working.TryGetValue(order.Order.BrokerOrderId, out var previous);
        if (previous is not null)
            Remove(previous);
        if (order.Order.Status.IsWorking())
        {
            _working[order.Order.BrokerOrderId] = order;
            _workingPerSymbol[order.Order.Symbol] = CountFor(order.Order.Symbol) + 1;
            if (order.Origin != OrderOrigin.External)
                OursCount++;
        }
        return previous;
    }

    private const int MaxTrackedExecutedOrders = 50_000;

    private void Remove(WorkingOrder order)
    {
        _working.Remove(order.Order.BrokerOrderId);
        var n = CountFor(order.Order.Symbol) - 1;
        if (n <= 0)
            _workingPerSymbol.Remove(order.Order.Symbol);
        else
            _workingPerSymbol[order.Order.Symbol] = n;
        if (order.Origin != OrderOrigin.External)
            OursCount--;
    }
}
