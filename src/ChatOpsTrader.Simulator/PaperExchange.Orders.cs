using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Simulator.Internal;

namespace ChatOpsTrader.Simulator;

public sealed partial class PaperExchange
{
    /// <summary>TWS code for a rejected order ("Order rejected - reason: …").</summary>
    public const int RejectedCode = 201;

    /// <summary>TWS code for an unknown contract.</summary>
    public const int NoSecurityDefinitionCode = 200;

    /// <summary>TWS code sent with every cancellation.</summary>
    public const int CancelledCode = 202;

    /// <summary>TWS code for a cancel whose order is unknown or no longer working.</summary>
    public const int CancelNotFoundCode = 10147;

    /// <summary>TWS code for a reused order id.</summary>
    public const int DuplicateOrderIdCode = 103;

    private static readonly string[] RandomRejectReasons = ["insufficient margin", "price outside limits", "symbol halted"];

    /// <summary>
    /// Places an order. Returns its id; the outcome arrives as events: Submitted (or PreSubmitted for a child whose
    /// parent has not filled), then executions, or a rejection (201, 200 unknown symbol, 321 invalid prices, 434 zero
    /// size) followed by Inactive. A marketable order fills its first chunk at once.
    /// </summary>
    public long PlaceOrder(PaperOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Change(() => Place_NeedsLock(request, randomReject: request.ParentId is null));
    }

    /// <summary>
    /// Places a bracket atomically: the parent, a take-profit and a stop-loss held as one OCA group until the parent
    /// fills, then sized to the parent's filled quantity. A fill of one child reduces (at the end cancels) the other
    /// and cancels what is left of the parent. When the parent is rejected the children are cancelled (202).
    /// </summary>
    public PaperBracketIds PlaceBracket(PaperOrderRequest parent, PaperOrderRequest takeProfit, PaperOrderRequest stopLoss)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(takeProfit);
        ArgumentNullException.ThrowIfNull(stopLoss);
        return Change(() => PlaceBracket_NeedsLock(parent, takeProfit, stopLoss, randomReject: true));
    }

    /// <summary>
    /// Cancels one working order (Cancelled + 202; a parent with nothing filled takes its children with it).
    /// An unknown or finished id raises error 10147 and returns false.
    /// </summary>
    public bool CancelOrder(long orderId) => Change(() =>
    {
        if (!_orders.TryGetValue(orderId, out var order) || !order.IsWorking)
        {
            Emit_NeedsLock(new PaperErrorRaised(Now, orderId, CancelNotFoundCode, $"OrderId {orderId} that needs to be cancelled is not found."));
            return false;
        }

        Cancel_NeedsLock(order, "");
        return true;
    });

    /// <summary>Cancels every working order of every client (TWS reqGlobalCancel). Returns how many were cancelled.</summary>
    public int GlobalCancel() => Change(() =>
    {
        var cancelled = 0;
        foreach (var order in _working.ToArray())
        {
            if (order.IsWorking)
                cancelled += Cancel_NeedsLock(order, "global cancel");
        }

        return cancelled;
    });

    /// <summary>
    /// Modifies a working order's quantity and prices (TWS: placeOrder again with the same id). Type, side and symbol
    /// stay. A modified limit is matched again at once (it fills at the touch if now marketable); a modified stop waits
    /// for its new trigger. Emits the order's new status. Throws <see cref="ArgumentException"/> (and changes nothing)
    /// for an order that is not working, a quantity not above what already filled, or a missing or non-positive price.
    /// </summary>
    public void ModifyOrder(long orderId, decimal quantity, decimal? limitPrice, decimal? stopPrice) => Change(() =>
    {
        if (!_orders.TryGetValue(orderId, out var order) || !order.IsWorking)
            throw new ArgumentException($"Order {orderId} is not working.", nameof(orderId));
        if (quantity <= order.Filled)
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, $"The quantity must be above the {order.Filled} already filled.");
        if (order.Type is OrderType.Limit or OrderType.StopLimit && limitPrice is not > 0)
            throw new ArgumentOutOfRangeException(nameof(limitPrice), limitPrice, "The order needs a positive limit price.");
        if (order.Type is OrderType.Stop or OrderType.StopLimit && stopPrice is not > 0)
            throw new ArgumentOutOfRangeException(nameof(stopPrice), stopPrice, "The order needs a positive stop price.");

        if (order.StopPrice != stopPrice)
            order.Triggered = false;
        order.Quantity = quantity;
        order.LimitPrice = order.Type is OrderType.Limit or OrderType.StopLimit ? limitPrice : null;
        order.StopPrice = order.Type is OrderType.Stop or OrderType.StopLimit ? stopPrice : null;
        order.Resting = false;
        order.UpdatedAt = Now;
        _dirty = true;
        Emit_NeedsLock(new PaperOrderStatusChanged(Now, order.ToView()));
        Match_NeedsLock(order.Symbol);
        return 0;
    });

    /// <summary>Makes the next order placed (by any client) fail with this code and reason. Calls queue up.</summary>
    public void RejectNext(int code, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_lock)
            _rejectNext.Enqueue((code, reason));
    }

    private long Place_NeedsLock(PaperOrderRequest request, bool randomReject)
    {
        if (!TryAllocateId_NeedsLock(request.OrderId, out var id))
            return request.OrderId;

        OrderState? parent = null;
        if (request.ParentId is { } parentId)
            _orders.TryGetValue(parentId, out parent);
        var order = Create_NeedsLock(id, request, parent, request.Quantity);
        if (Refusal_NeedsLock(order, request, parent, randomReject) is { } refusal)
        {
            Reject_NeedsLock(order, refusal.Code, refusal.Message);
            return id;
        }

        Accept_NeedsLock(order, parent);
        Match_NeedsLock(order.Symbol);
        return id;
    }

    private PaperBracketIds PlaceBracket_NeedsLock(PaperOrderRequest parentRequest, PaperOrderRequest tpRequest, PaperOrderRequest slRequest, bool randomReject)
    {
        var requested = new[] { parentRequest.OrderId, tpRequest.OrderId, slRequest.OrderId };
        if (requested.Where(i => i != 0).Distinct().Count() != requested.Count(i => i != 0))
            throw new ArgumentException("A bracket needs three different order ids.", nameof(parentRequest));
        foreach (var requestedId in requested.Where(i => i != 0))
        {
            if (_orders.ContainsKey(requestedId) || requestedId <= 0)
            {
                Emit_NeedsLock(new PaperErrorRaised(Now, requestedId, DuplicateOrderIdCode, "Duplicate order id"));
                return new PaperBracketIds(parentRequest.OrderId, tpRequest.OrderId, slRequest.OrderId);
            }
        }

        // Explicit ids first, so that an id handed out for a zero cannot collide with one of them.
        foreach (var requestedId in requested)
            _nextOrderId = Math.Max(_nextOrderId, requestedId + 1);
        TryAllocateId_NeedsLock(parentRequest.OrderId, out var parentId);
        TryAllocateId_NeedsLock(tpRequest.OrderId, out var tpId);
        TryAllocateId_NeedsLock(slRequest.OrderId, out var slId);
        var ids = new PaperBracketIds(parentId, tpId, slId);
        var group = $"OCA-{parentId}";
        var parent = Create_NeedsLock(parentId, parentRequest, null, parentRequest.Quantity);
        var tp = Create_NeedsLock(tpId, tpRequest with { ParentId = parentId, OcaGroup = Group(tpRequest.OcaGroup, group) }, parent, parentRequest.Quantity);
        var sl = Create_NeedsLock(slId, slRequest with { ParentId = parentId, OcaGroup = Group(slRequest.OcaGroup, group) }, parent, parentRequest.Quantity);

        // Children are checked for form only (they close what the parent opens); any fault fails the whole bracket.
        var refusal = Refusal_NeedsLock(parent, parentRequest, null, randomReject)
            ?? FormRefusal(tp, "take-profit") ?? FormRefusal(sl, "stop-loss")
            ?? SameSymbol(parent, tp, sl);
        if (refusal is { } r)
        {
            Reject_NeedsLock(parent, r.Code, r.Message);
            Register_NeedsLock(tp);
            Register_NeedsLock(sl);
            Finish_NeedsLock(tp, PaperOrderStatus.Cancelled, "parent order rejected");
            Finish_NeedsLock(sl, PaperOrderStatus.Cancelled, "parent order rejected");
            return ids;
        }

        Accept_NeedsLock(parent, null);
        Accept_NeedsLock(tp, parent);
        Accept_NeedsLock(sl, parent);
        Match_NeedsLock(parent.Symbol);
        return ids;

        static string Group(string requestedGroup, string fallback) => string.IsNullOrEmpty(requestedGroup) ? fallback : requestedGroup;
    }

    private static (int Code, string Message)? SameSymbol(OrderState parent, OrderState tp, OrderState sl) =>
        tp.Symbol == parent.Symbol && sl.Symbol == parent.Symbol
            ? null
            : (321, "Error validating request: bracket children must trade the parent's symbol");

    private bool TryAllocateId_NeedsLock(long requested, out long id)
    {
        if (requested == 0)
        {
            id = _nextOrderId++;
            return true;
        }

        if (requested < 0 || _orders.ContainsKey(requested))
        {
            Emit_NeedsLock(new PaperErrorRaised(Now, requested, DuplicateOrderIdCode, "Duplicate order id"));
            id = 0;
            return false;
        }

        id = requested;
        _nextOrderId = Math.Max(_nextOrderId, requested + 1);
        return true;
    }

    private OrderState Create_NeedsLock(long id, PaperOrderRequest request, OrderState? parent, decimal quantity)
    {
        var now = Now;
        return new OrderState
        {
            Id = id,
            PermId = _nextPermId++,
            ClientId = request.ClientId,
            Account = _options.AccountId,
            OrderRef = request.OrderRef ?? "",
            Symbol = Normalize(request.Symbol ?? ""),
            Side = request.Side,
            Type = request.Type,
            LimitPrice = request.LimitPrice,
            StopPrice = request.StopPrice,
            ParentId = request.ParentId,
            OcaGroup = string.IsNullOrEmpty(request.OcaGroup) && parent is not null ? $"OCA-{parent.Id}" : request.OcaGroup ?? "",
            CreatedAt = now,
            UpdatedAt = now,
            Quantity = quantity,
            Status = PaperOrderStatus.Submitted,
        };
    }

    private (int Code, string Message)? Refusal_NeedsLock(OrderState order, PaperOrderRequest request, OrderState? parent, bool randomReject)
    {
        if (FormRefusal(order, "order") is { } form)
            return form;
        if (request.ParentId is { } parentId)
        {
            if (parent is null || !(parent.IsWorking || parent.Filled > 0))
                return (RejectedCode, Rejected($"parent order {parentId} is not working"));
            if (parent.Symbol != order.Symbol)
                return (321, "Error validating request: a child must trade its parent's symbol");
        }

        if (_rejectNext.TryDequeue(out var forced))
            return (forced.Code, forced.Code == RejectedCode ? Rejected(forced.Reason) : forced.Reason);
        if (randomReject && _options.RejectProbability > 0 && _random.NextDouble() < _options.RejectProbability)
            return (RejectedCode, Rejected(RandomRejectReasons[_random.Next(RandomRejectReasons.Length)]));
        if (parent is null && AddsBeyondMargin_NeedsLock(order))
            return (RejectedCode, Rejected("insufficient margin"));
        return null;

        static string Rejected(string reason) =>
            reason.StartsWith("Order rejected", StringComparison.OrdinalIgnoreCase) ? reason : "Order rejected - reason: " + reason;
    }

    private (int Code, string Message)? FormRefusal(OrderState order, string what)
    {
        if (!_symbols.ContainsKey(order.Symbol))
            return (NoSecurityDefinitionCode, "No security definition has been found for the request");
        if (order.Quantity <= 0)
            return (434, "The order size cannot be zero");
        if (order.Type is OrderType.Limit or OrderType.StopLimit && order.LimitPrice is not > 0)
            return (321, $"Error validating request: the {what} needs a positive limit price");
        if (order.Type is OrderType.Stop or OrderType.StopLimit && order.StopPrice is not > 0)
            return (321, $"Error validating request: the {what} needs a positive stop price");
        return null;
    }

    private bool AddsBeyondMargin_NeedsLock(OrderState order)
    {
        var s = _symbols[order.Symbol];
        var after = s.Position + (order.Sign * order.Quantity);
        if (Math.Abs(after) <= Math.Abs(s.Position))
            return false;
        var values = AccountValues_NeedsLock();
        var price = order.LimitPrice ?? order.StopPrice ?? s.Quote.Mark;
        var grossAfter = values.GrossPositionValue + ((Math.Abs(after) - Math.Abs(s.Position)) * Math.Max(price, s.Quote.Mark));
        return grossAfter > values.NetLiquidation * _options.Leverage;
    }

    private void Register_NeedsLock(OrderState order) => _orders[order.Id] = order;

    private void Reject_NeedsLock(OrderState order, int code, string message)
    {
        Register_NeedsLock(order);
        order.Status = PaperOrderStatus.Inactive;
        Log.OrderRejected(_logger, order.Id, order.ClientId, order.Symbol, code, message);
        Emit_NeedsLock(new PaperOrderRejected(Now, order.ToView(), code, message));
        Finish_NeedsLock(order, PaperOrderStatus.Inactive, null);
    }

    private void Accept_NeedsLock(OrderState order, OrderState? parent)
    {
        Register_NeedsLock(order);
        order.Status = parent is not null && parent.Filled == 0 ? PaperOrderStatus.PreSubmitted : PaperOrderStatus.Submitted;
        var index = _working.FindIndex(o => o.Id > order.Id);
        _working.Insert(index < 0 ? _working.Count : index, order);
        _dirty = true;
        Emit_NeedsLock(new PaperOrderStatusChanged(Now, order.ToView()));
    }

    /// <summary>Cancels an order and, when its parent part never filled, its children. Returns how many orders it cancelled.</summary>
    private int Cancel_NeedsLock(OrderState order, string reason)
    {
        Finish_NeedsLock(order, PaperOrderStatus.Cancelled, reason);
        var cancelled = 1;
        if (order.Filled == 0)
        {
            foreach (var child in _working.Where(c => c.ParentId == order.Id).ToArray())
                cancelled += Cancel_NeedsLock(child, "parent order cancelled");
        }

        return cancelled;
    }

    /// <summary>Moves an order to a terminal status and emits its status (and, for a cancel, error 202).</summary>
    private void Finish_NeedsLock(OrderState order, PaperOrderStatus status, string? cancelReason)
    {
        var now = Now;
        order.Status = status;
        order.UpdatedAt = now;
        _working.Remove(order);
        _finished.Enqueue(order.Id);
        while (_finished.Count > _options.MaxRetainedFinishedOrders && _finished.TryDequeue(out var old))
        {
            if (_orders.TryGetValue(old, out var o) && !o.IsWorking)
                _orders.Remove(old);
        }

        _dirty = true;
        Emit_NeedsLock(new PaperOrderStatusChanged(now, order.ToView()));
        if (status == PaperOrderStatus.Cancelled)
            Emit_NeedsLock(new PaperErrorRaised(now, order.Id, CancelledCode, "Order Canceled - reason:" + (string.IsNullOrEmpty(cancelReason) ? "" : " " + cancelReason)));
    }
}
