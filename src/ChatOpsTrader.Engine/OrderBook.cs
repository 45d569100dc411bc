using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Engine;

/// <summary>Working orders by broker id (ours and external). Owned by the engine loop.</summary>
internal sealed class OrderBook
{
    private readonly Dictionary<long, WorkingOrder> _working = [];
    private readonly Dictionary<string, int> _workingPerSymbol = new(StringComparer.Ordinal);

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
