using System.Globalization;
using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Simulator.Internal;

namespace ChatOpsTrader.Simulator;

public sealed partial class PaperExchange
{
    /// <summary>One tick: every mid takes a random step, quotes are published (unless stalled), working orders are matched.</summary>
    private void Tick_NeedsLock()
    {
        _tickSeq++;
        var now = Now;
        foreach (var s in _symbolList)
        {
            Walk_NeedsLock(s);
            s.Quote = Quote_NeedsLock(s, now);
            PublishQuote_NeedsLock(s);
        }

        _quotesDirty = true;
        _lastTickAt = now;
        Match_NeedsLock(null);
    }

    private void Walk_NeedsLock(SymbolState s)
    {
        var step = ((_random.NextDouble() * 2) - 1) * _options.TickVolatility;
        var deviation = Math.Log((double)(s.Mid / s.Anchor));
        var factor = Math.Exp(step - (_options.MeanReversionPerTick * deviation));
        s.Mid = Math.Max(0.01m, Math.Round(s.Mid * (decimal)factor, 6));
    }

    private Quote Quote_NeedsLock(SymbolState s, DateTimeOffset now)
    {
        var spread = Math.Max(_options.MinSpread, Math.Round(s.Mid * _options.SpreadFraction, 2, MidpointRounding.AwayFromZero));
        var bid = Math.Max(0.01m, Math.Floor((s.Mid - (spread / 2)) * 100m) / 100m);
        var ask = bid + spread;

        // Trades print on either side of the book.
        var last = _random.Next(2) == 0 ? bid : ask;
        return new Quote(s.Symbol, bid, ask, last, now);
    }

    private void PublishQuote_NeedsLock(SymbolState s)
    {
        // A stalled feed: the market keeps moving and orders keep filling, but no quote reaches the clients.
        if (!_stalled)
            Emit_NeedsLock(new PaperQuoteUpdated(s.Quote.Time, s.Quote));
    }

    /// <summary>One matching pass over the working orders (of one symbol, or all), oldest id first, at most one chunk per order per tick.</summary>
    private void Match_NeedsLock(string? symbol)
    {
        if (_working.Count == 0)
            return;
        foreach (var order in _working.ToArray())
        {
            if (order.IsWorking && (symbol is null || order.Symbol == symbol))
                TryFill_NeedsLock(order);
        }
    }

    private void TryFill_NeedsLock(OrderState order)
    {
        if (order.Status != PaperOrderStatus.Submitted || order.LastFillTick == _tickSeq || order.Remaining <= 0)
            return;
        var quote = _symbols[order.Symbol].Quote;
        var buy = order.Side == OrderSide.Buy;
        var touch = buy ? quote.Ask : quote.Bid;
        decimal? price;
        switch (order.Type)
        {
            case OrderType.Market:
                price = touch;
                break;
            case OrderType.Limit:
                price = LimitPrice(order, touch, buy);
                break;
            case OrderType.Stop or OrderType.StopLimit:
                if (!order.Triggered && (buy ? quote.Ask >= order.StopPrice : quote.Bid <= order.StopPrice))
                {
                    order.Triggered = true;
                    _dirty = true;
                }

                price = !order.Triggered ? null : order.Type == OrderType.Stop ? touch : LimitPrice(order, touch, buy);
                break;
            default:
                price = null;
                break;
        }

        if (price is { } p)
            Fill_NeedsLock(order, NextChunk_NeedsLock(order), p);
    }

    /// <summary>
    /// A marketable limit fills at the touch; one that rested on the book fills at its own price when the market
    /// reaches it (also through a gap). Null when not marketable.
    /// </summary>
    private decimal? LimitPrice(OrderState order, decimal touch, bool buy)
    {
        var limit = order.LimitPrice!.Value;
        var marketable = buy ? touch <= limit : touch >= limit;
        if (!marketable)
        {
            if (!order.Resting)
                _dirty = true;
            order.Resting = true;
            return null;
        }

        return order.Resting ? limit : touch;
    }

    private decimal NextChunk_NeedsLock(OrderState order)
    {
        if (!order.Planned)
        {
            order.Planned = true;
            if (order.Remaining > 1 && _options.PartialFillProbability > 0 && _random.NextDouble() < _options.PartialFillProbability)
                order.Chunks.AddRange(Split_NeedsLock(order.Remaining, 2 + _random.Next(2)));
        }

        if (order.Chunks.Count == 0)
            return order.Remaining;
        var chunk = Math.Min(order.Chunks[0], order.Remaining);
        order.Chunks.RemoveAt(0);
        return order.Chunks.Count == 0 ? order.Remaining : chunk;
    }

    private List<decimal> Split_NeedsLock(decimal quantity, int parts)
    {
        var whole = (int)Math.Min(Math.Floor(quantity), int.MaxValue);
        parts = Math.Min(parts, whole);
        if (parts < 2)
            return [];
        var chunks = new List<decimal>(parts);
        var left = whole;
        for (var i = 0; i < parts - 1; i++)
        {
            var most = left - (parts - 1 - i);
            var size = 1 + _random.Next(most);
            chunks.Add(size);
            left -= size;
        }

        chunks.Add(left + (quantity - whole));
        return chunks;
    }

    private void Fill_NeedsLock(OrderState order, decimal quantity, decimal price)
    {
        var now = Now;
        var s = _symbols[order.Symbol];
        order.Filled += quantity;
        order.FilledValue += quantity * price;
        order.LastFillPrice = price;
        order.LastFillTick = _tickSeq;
        order.UpdatedAt = now;
        var commission = Commission(quantity, price);
        var realized = ApplyFill_NeedsLock(s, order.Sign * quantity, price, commission);
        var execution = new PaperExecution(
            NewExecId_NeedsLock(), order.Id, order.PermId, order.ClientId, order.Account, order.OrderRef, order.Symbol, order.Side,
            quantity, price, now, order.Filled, order.AverageFillPrice, commission, realized);
        _executions.Add(execution);
        _executionCount++;
        PruneExecutions_NeedsLock(now);
        _dirty = true;

        Emit_NeedsLock(new PaperOrderExecuted(now, execution));
        if (order.Remaining <= 0)
            Finish_NeedsLock(order, PaperOrderStatus.Filled, null);
        else
            Emit_NeedsLock(new PaperOrderStatusChanged(now, order.ToView()));
        Emit_NeedsLock(new PaperPositionChanged(now, PositionView(s)));

        ActivateChildren_NeedsLock(order, quantity);
        ReduceOcaSiblings_NeedsLock(order, quantity);

        // Once a bracket child executes the trade is on its way out: stop the parent from adding to it.
        if (order.ParentId is { } parentId && _orders.TryGetValue(parentId, out var parent) && parent.IsWorking)
            Cancel_NeedsLock(parent, "bracket child executed");
    }

    /// <summary>A parent fill activates its held children (sized to the parent's filled quantity) or grows the active ones.</summary>
    private void ActivateChildren_NeedsLock(OrderState parent, decimal quantity)
    {
        foreach (var child in _working.Where(c => c.ParentId == parent.Id).ToArray())
        {
            if (child.Status == PaperOrderStatus.PreSubmitted)
            {
                child.Quantity = parent.Filled;
                child.Status = PaperOrderStatus.Submitted;
            }
            else
            {
                child.Quantity += quantity;
            }

            child.UpdatedAt = Now;
            Emit_NeedsLock(new PaperOrderStatusChanged(Now, child.ToView()));
        }
    }

    /// <summary>One member of an OCA group filled: the others shrink by the same quantity and are cancelled at zero.</summary>
    private void ReduceOcaSiblings_NeedsLock(OrderState order, decimal quantity)
    {
        if (string.IsNullOrEmpty(order.OcaGroup))
            return;
        foreach (var sibling in _working.Where(o => o.Id != order.Id && o.OcaGroup == order.OcaGroup).ToArray())
        {
            if (sibling.Remaining - quantity <= 0)
            {
                Cancel_NeedsLock(sibling, "OCA group");
                continue;
            }

            sibling.Quantity -= quantity;
            sibling.UpdatedAt = Now;
            Emit_NeedsLock(new PaperOrderStatusChanged(Now, sibling.ToView()));
        }
    }

    /// <summary>Updates position, average cost and cash. Returns the realized P&amp;L (net of this commission) of the closing part, or null.</summary>
    private decimal? ApplyFill_NeedsLock(SymbolState s, decimal signedQuantity, decimal price, decimal commission)
    {
        _cash -= (signedQuantity * price) + commission;
        var before = s.Position;
        var after = before + signedQuantity;
        if (before == 0 || Math.Sign(before) == Math.Sign(signedQuantity))
        {
            s.AverageCost = Math.Round(((Math.Abs(before) * s.AverageCost) + (Math.Abs(signedQuantity) * price)) / Math.Abs(after), 6);
            s.Position = after;
            return null;
        }

        var closed = Math.Min(Math.Abs(signedQuantity), Math.Abs(before));
        var realized = ((price - s.AverageCost) * closed * Math.Sign(before)) - commission;
        s.Position = after;
        if (after == 0)
            s.AverageCost = 0;
        else if (Math.Sign(after) != Math.Sign(before))
            s.AverageCost = price;
        s.RealizedPnl += realized;
        _realizedPnl += realized;
        return Math.Round(realized, 4);
    }

    private decimal Commission(decimal quantity, decimal price)
    {
        var perShare = Math.Max(_options.MinCommission, quantity * _options.CommissionPerShare);
        var cap = quantity * price * _options.MaxCommissionPercent / 100m;
        return Math.Round(Math.Min(perShare, cap), 4);
    }

    private string NewExecId_NeedsLock() =>
        string.Create(CultureInfo.InvariantCulture, $"{_nextExecSeq++:x8}.{_session:x8}.01.01");

    private void PruneExecutions_NeedsLock(DateTimeOffset now)
    {
        var cutoff = now - _options.ExecutionRetention;
        var drop = 0;
        while (drop < _executions.Count && (_executions.Count - drop > _options.MaxRetainedExecutions || _executions[drop].Time < cutoff))
            drop++;
        if (drop > 0)
            _executions.RemoveRange(0, drop);
    }
}
