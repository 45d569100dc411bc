using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Simulator;

namespace ChatOpsTrader.Tests.Simulator;

/// <summary>An order gate that records intents and answers with a rule of the test's choosing.</summary>
internal sealed class FakeOrderGate(Func<OrderIntent, OrderGateResult>? decide = null) : IOrderGate
{
    private readonly Lock _lock = new();
    private readonly List<(OrderIntent Intent, OrderGateResult Result)> _calls = [];
    private long _nextId = 100;

    public IReadOnlyList<(OrderIntent Intent, OrderGateResult Result)> Calls
    {
        get
        {
            lock (_lock)
                return [.. _calls];
        }
    }

    public Exception? Throw { get; set; }

    public static OrderGateResult Accept(OrderIntent intent, long id) => new(true, intent.IdempotencyKey, OrderRefs.ForKey(intent.IdempotencyKey), id, PreflightRule.None, "sent");

    public static OrderGateResult Refuse(OrderIntent intent, PreflightRule rule, string message) => new(false, intent.IdempotencyKey, OrderRefs.ForKey(intent.IdempotencyKey), null, rule, message);

    public ValueTask<OrderGateResult> SubmitAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        if (Throw is { } ex)
            return ValueTask.FromException<OrderGateResult>(ex);
        lock (_lock)
        {
            var result = decide?.Invoke(intent) ?? Accept(intent, _nextId++);
            _calls.Add((intent, result));
            return ValueTask.FromResult(result);
        }
    }
}

/// <summary>A market view the test fills in.</summary>
internal sealed class FakeMarketView : IMarketView
{
    public Dictionary<string, Quote> Quotes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, decimal> Positions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Working { get; } = new(StringComparer.Ordinal);

    public void SetQuotes(DateTimeOffset time, params (string Symbol, decimal Mid)[] mids)
    {
        foreach (var (symbol, mid) in mids)
            Quotes[symbol] = new Quote(symbol, mid - 0.01m, mid + 0.01m, mid, time);
    }

    public bool TryGetQuote(string symbol, out Quote quote) => Quotes.TryGetValue(symbol, out quote);

    public decimal PositionQuantity(string symbol) => Positions.GetValueOrDefault(symbol);

    public int WorkingOrderCount(string symbol) => Working.GetValueOrDefault(symbol);
}

/// <summary>
/// A small stand-in for the safety core over the paper exchange: max position 10, duplicates by content within 10 s,
/// one order per symbol per second; accepted intents go to the exchange as client 1 with our order refs.
/// </summary>
internal sealed class ExchangeGate(PaperExchange exchange, TimeProvider time) : IOrderGate, IMarketView
{
    private readonly List<(OrderIntent Intent, DateTimeOffset At)> _sent = [];

    public List<(OrderIntent Intent, OrderGateResult Result)> Calls { get; } = [];

    public ValueTask<OrderGateResult> SubmitAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var orderRef = OrderRefs.ForKey(intent.IdempotencyKey);
        OrderGateResult result;
        if (Math.Abs(PositionQuantity(intent.Symbol) + (intent.Side.Sign() * intent.Quantity)) > 10)
            result = FakeOrderGate.Refuse(intent, PreflightRule.MaxPosition, $"position would be {intent.Quantity}, max 10");
        else if (_sent.Any(s => now - s.At < TimeSpan.FromSeconds(1) && s.Intent.Symbol == intent.Symbol))
            result = FakeOrderGate.Refuse(intent, PreflightRule.SymbolRate, "one order per second");
        else if (_sent.Any(s => now - s.At < TimeSpan.FromSeconds(10) && Same(s.Intent, intent)))
            result = FakeOrderGate.Refuse(intent, PreflightRule.Duplicate, "same order within 10 s");
        else
        {
            _sent.Add((intent, now));
            var exit = intent.Side.Opposite();
            var ids = exchange.PlaceBracket(
                new PaperOrderRequest(intent.Symbol, intent.Side, intent.Quantity, intent.Type) { ClientId = 1, OrderRef = orderRef },
                new PaperOrderRequest(intent.Symbol, exit, intent.Quantity, OrderType.Limit, intent.TakeProfit) { ClientId = 1, OrderRef = OrderRefs.TakeProfit(orderRef) },
                new PaperOrderRequest(intent.Symbol, exit, intent.Quantity, OrderType.Stop, StopPrice: intent.StopLoss) { ClientId = 1, OrderRef = OrderRefs.StopLoss(orderRef) });
            result = FakeOrderGate.Accept(intent, ids.ParentId);
        }

        Calls.Add((intent, result));
        return ValueTask.FromResult(result);
    }

    public bool TryGetQuote(string symbol, out Quote quote) => exchange.TryGetQuote(symbol, out quote);

    public decimal PositionQuantity(string symbol) => exchange.GetSnapshot().Positions.FirstOrDefault(p => p.Symbol == symbol)?.Quantity ?? 0;

    public int WorkingOrderCount(string symbol) => exchange.GetSnapshot().OpenOrders.Count(o => o.Symbol == symbol && o.ClientId == 1);

    private static bool Same(OrderIntent a, OrderIntent b) =>
        (a.Symbol, a.Side, a.Quantity, a.Type, a.TakeProfit, a.StopLoss) == (b.Symbol, b.Side, b.Quantity, b.Type, b.TakeProfit, b.StopLoss);
}
