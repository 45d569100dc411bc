using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Simulator;

/// <summary>Fault injection for tests and drills.</summary>
public sealed partial class PaperExchange
{
    /// <summary>Client id used by <see cref="PlaceExternalOrder"/> unless told otherwise.</summary>
    public const int DefaultExternalClientId = 7;

    /// <summary>
    /// Adds a position nobody ordered (no order, no execution), as if someone traded the account elsewhere.
    /// Cash moves by quantity × price, so net liquidation is unchanged at that price.
    /// </summary>
    /// <param name="symbol">A known symbol.</param>
    /// <param name="quantity">Signed quantity to add.</param>
    /// <param name="price">Price of the phantom trade.</param>
    public void InjectPosition(string symbol, decimal quantity, decimal price)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (quantity == 0)
            throw new ArgumentOutOfRangeException(nameof(quantity), "The injected quantity must not be zero.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        Change(() =>
        {
            var s = Symbol_NeedsLock(symbol);
            ApplyFill_NeedsLock(s, quantity, price, 0m);
            _dirty = true;
            Log.FaultInjected(_logger, $"position of {quantity} {s.Symbol} at {price} injected");
            Emit_NeedsLock(new PaperPositionChanged(Now, PositionView(s)));
            return 0;
        });
    }

    /// <summary>
    /// Stalls (or resumes) the quote feed: prices keep moving and orders keep filling at the exchange, but no quote
    /// event is published, as when a market-data farm stops.
    /// </summary>
    public void StallQuotes(bool stalled)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stalled == stalled)
                return;
            _stalled = stalled;
            Log.FaultInjected(_logger, stalled ? "quotes stalled" : "quotes resumed");
        }
    }

    /// <summary>Moves a symbol's price at once by <paramref name="percent"/> (e.g. -5), publishes the quote and matches: stops gap through.</summary>
    public void GapPrice(string symbol, decimal percent)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (percent <= -100m)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A gap must leave a positive price (more than -100%).");
        Change(() =>
        {
            var s = Symbol_NeedsLock(symbol);
            var factor = 1m + (percent / 100m);
            s.Mid = Math.Max(0.01m, Math.Round(s.Mid * factor, 6));
            s.Anchor = Math.Max(0.01m, s.Anchor * factor);
            s.Quote = Quote_NeedsLock(s, Now);
            _quotesDirty = true;
            Log.FaultInjected(_logger, $"{s.Symbol} gapped {percent}% to {s.Quote.Bid}/{s.Quote.Ask}");
            PublishQuote_NeedsLock(s);
            Match_NeedsLock(s.Symbol);
            return 0;
        });
    }

    /// <summary>
    /// Places an order as another API client (not through the safety core): no <c>COT-</c> reference, never randomly
    /// rejected (validation and <see cref="RejectNext"/> still apply).
    /// </summary>
    /// <returns>The order id.</returns>
    public long PlaceExternalOrder(
        string symbol,
        OrderSide side,
        decimal quantity,
        OrderType type = OrderType.Market,
        decimal? limitPrice = null,
        decimal? stopPrice = null,
        int clientId = DefaultExternalClientId,
        string orderRef = "")
    {
        ArgumentNullException.ThrowIfNull(symbol);
        ArgumentNullException.ThrowIfNull(orderRef);
        if (OrderRefs.IsOurs(orderRef))
            throw new ArgumentException($"An external order must not carry our {OrderRefs.Prefix} reference.", nameof(orderRef));
        var request = new PaperOrderRequest(symbol, side, quantity, type, limitPrice, stopPrice) { ClientId = clientId, OrderRef = orderRef };
        return Change(() => Place_NeedsLock(request, randomReject: false));
    }

    /// <summary>
    /// Fills part of a working order at once, as when only some shares trade: an execution (with commission), the
    /// status with the new filled quantity, and the position change. The order keeps working for the rest.
    /// </summary>
    /// <param name="orderId">A working, released order (not a bracket child still held for its parent).</param>
    /// <param name="quantity">Shares to fill: more than zero and less than what remains.</param>
    /// <param name="price">Execution price; null fills at the touch (the ask for a buy, the bid for a sell).</param>
    /// <returns>The execution.</returns>
    public PaperExecution FillPartially(long orderId, decimal quantity, decimal? price = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (price is <= 0)
            throw new ArgumentOutOfRangeException(nameof(price), price, "A fill price must be positive.");
        return Change(() =>
        {
            if (!_orders.TryGetValue(orderId, out var order) || order.Status != PaperOrderStatus.Submitted)
                throw new ArgumentException($"Order {orderId} is not a working, released order.", nameof(orderId));
            if (quantity >= order.Remaining)
                throw new ArgumentOutOfRangeException(nameof(quantity), quantity, $"A partial fill must be less than the {order.Remaining} remaining.");
            var quote = _symbols[order.Symbol].Quote;
            var fillPrice = price ?? (order.Side == OrderSide.Buy ? quote.Ask : quote.Bid);
            Log.FaultInjected(_logger, $"order {orderId} partly filled: {quantity} at {fillPrice}");
            Fill_NeedsLock(order, quantity, fillPrice);
            return _executions[^1];
        });
    }

    private Internal.SymbolState Symbol_NeedsLock(string symbol) =>
        _symbols.TryGetValue(Normalize(symbol), out var s) ? s : throw new ArgumentException($"Unknown symbol {symbol}.", nameof(symbol));
}
