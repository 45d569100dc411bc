using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Core.Risk;

/// <summary>
/// Checks one order against every pre-flight rule, in a fixed order, and returns the first rejection (rule plus
/// both numbers) or <see cref="PreflightResult.Accepted"/>. Pure: reads the view and the activity, changes nothing,
/// allocates nothing (the only <see cref="PreflightResult.Detail"/> strings are constants or the order's own symbol
/// and strategy).
/// </summary>
/// <remarks>
/// <para>
/// A <b>reduction</b> lowers the absolute position (<see cref="IPreflightView.PositionQuantity"/>) without flipping
/// its sign. Reductions pass the fail-closed and sizing rules (closing-only, broker disconnected, blocklist, paused
/// strategy, missing or stale quote, max position, notional, working orders): risk can always be taken off. Halted
/// refuses everything.
/// </para>
/// <para>Check order (cheap and fundamental first; "all" = reductions included):</para>
/// <list type="number">
/// <item><see cref="PreflightRule.InvalidOrder"/> (all): symbol, strategy, side, type, whole quantity 1..1,000,000, prices match the type.</item>
/// <item><see cref="PreflightRule.Halted"/> (all): state Halted or unknown.</item>
/// <item><see cref="PreflightRule.ClosingOnly"/> (entries): state Reducing.</item>
/// <item><see cref="PreflightRule.BrokerDisconnected"/> (entries).</item>
/// <item><see cref="PreflightRule.SymbolBlocked"/> (entries): case-insensitive.</item>
/// <item><see cref="PreflightRule.StrategyPaused"/> (entries).</item>
/// <item><see cref="PreflightRule.DailyOrderCount"/> (all): orders sent today at or above the limit.</item>
/// <item><see cref="PreflightRule.SymbolRate"/> (all): last order for the symbol sent less than the interval ago.</item>
/// <item><see cref="PreflightRule.Duplicate"/> (all): identical order sent inside the window.</item>
/// <item><see cref="PreflightRule.MissingQuote"/> (entries): no quote, or no usable price in it.</item>
/// <item><see cref="PreflightRule.StaleQuote"/> (entries): quote older than the maximum age.</item>
/// <item><see cref="PreflightRule.PriceCollar"/> (all, with a fresh quote): limit or stop price too far from the mark.</item>
/// <item><see cref="PreflightRule.MaxPosition"/> (entries): |position + same-direction working + order| above the scaled limit.</item>
/// <item><see cref="PreflightRule.MaxOrderNotional"/> (entries): quantity × reference price above the scaled limit.</item>
/// <item><see cref="PreflightRule.MaxWorkingOrders"/> (entries): working orders at or above the limit.</item>
/// </list>
/// <para>A limit is allowed exactly: a rejection needs a value over it (or, for counts, at it before the order).</para>
/// </remarks>
public sealed class PreflightChecker
{
    /// <summary>Largest order quantity accepted.</summary>
    public const decimal MaxQuantity = 1_000_000m;

    /// <summary>Largest limit or stop price accepted, and largest usable quote price.</summary>
    public const decimal MaxPrice = 100_000_000m;

    /// <summary>Smallest usable quote price (a hundredth of a cent).</summary>
    public const decimal MinQuotePrice = 0.0001m;

    /// <summary>Longest symbol accepted.</summary>
    public const int MaxSymbolLength = 12;

    private const string BadSymbol = "symbol must be 1 to 12 characters of A-Z, 0-9 and '.'";
    private const string NoStrategy = "strategy is required";
    private const string BadSide = "side is unknown";
    private const string BadType = "order type is unknown";
    private const string BadQuantity = "quantity must be a whole number from 1 to 1,000,000";
    private const string NeedsLimitPrice = "limit and stop-limit orders need a limit price above 0 and at most 100,000,000";
    private const string NeedsStopPrice = "stop and stop-limit orders need a stop price above 0 and at most 100,000,000";
    private const string NoLimitPrice = "market and stop orders take no limit price";
    private const string NoStopPrice = "market and limit orders take no stop price";
    private const string UnusableQuote = "the quote has no usable price";

    private readonly RiskLimits _limits;
    private readonly ResumePolicy _policy;
    private readonly HashSet<string> _blocked;
    private readonly long _minIntervalTicks;
    private readonly long _duplicateTicks;
    private readonly long _quoteMaxAgeTicks;
    private readonly decimal _minIntervalMs;
    private readonly decimal _duplicateMs;
    private readonly decimal _quoteMaxAgeMs;
    private readonly string _restrictedDetail;
    private readonly string _cautiousDetail;

    /// <summary>Creates a checker for fixed limits; build a new one when a person changes them.</summary>
    public PreflightChecker(RiskLimits limits, ResumePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(policy);
        limits.EnsureValid();
        if (policy.RestrictedSizeFactor is <= 0 or > 1 || policy.CautiousSizeFactor is <= 0 or > 1)
            throw new ArgumentException($"Resume size factors must be above 0 and at most 1 (Restricted {policy.RestrictedSizeFactor}, Cautious {policy.CautiousSizeFactor}).", nameof(policy));
        _limits = limits;
        _policy = policy;
        _blocked = new HashSet<string>(limits.BlockedSymbols.Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
        _minIntervalTicks = limits.MinOrderInterval.Ticks;
        _duplicateTicks = limits.DuplicateWindow.Ticks;
        _quoteMaxAgeTicks = limits.QuoteMaxAge.Ticks;
        _minIntervalMs = Milliseconds(_minIntervalTicks);
        _duplicateMs = Milliseconds(_duplicateTicks);
        _quoteMaxAgeMs = Milliseconds(_quoteMaxAgeTicks);
        _restrictedDetail = "Restricted: limits at " + RiskText.Percent(policy.RestrictedSizeFactor) + " of normal size";
        _cautiousDetail = "Cautious: limits at " + RiskText.Percent(policy.CautiousSizeFactor) + " of normal size";
    }

    /// <summary>The limits in use.</summary>
    public RiskLimits Limits => _limits;

    /// <summary>
    /// Checks an order. Call it after <see cref="OrderActivity.RecordAttempt"/> and before sending; on acceptance,
    /// send and call <see cref="OrderActivity.RecordOrderSent"/> before the next check.
    /// </summary>
    public PreflightResult Check(in OrderCheck order, IPreflightView view, OrderActivity activity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(activity);

        var invalid = Validate(in order);
        if (!invalid.IsAccepted)
            return invalid;

        var state = view.State;
        if (state is not (TradingState.Active or TradingState.Restricted or TradingState.Cautious or TradingState.Reducing))
            return PreflightResult.Reject(PreflightRule.Halted, 0, 0);

        var symbol = order.Symbol;
        var signed = order.SignedQuantity;
        var position = view.PositionQuantity(symbol);
        var reduction = IsReduction(position, signed);

        if (!reduction)
        {
            if (state == TradingState.Reducing)
                return PreflightResult.Reject(PreflightRule.ClosingOnly, Math.Abs(position + signed), Math.Abs(position), symbol);
            if (!view.BrokerConnected)
                return PreflightResult.Reject(PreflightRule.BrokerDisconnected, 0, 0);
            if (_blocked.Count > 0 && _blocked.Contains(symbol))
                return PreflightResult.Reject(PreflightRule.SymbolBlocked, 0, 0, symbol);
            if (view.IsStrategyPaused(order.Strategy))
                return PreflightResult.Reject(PreflightRule.StrategyPaused, 0, 0, order.Strategy);
        }

        if (activity.OrdersToday >= _limits.MaxOrdersPerDay)
            return PreflightResult.Reject(PreflightRule.DailyOrderCount, activity.OrdersToday, _limits.MaxOrdersPerDay);

        var nowTicks = now.UtcTicks;
        if (_minIntervalTicks > 0 && activity.TryGetLastOrderTicks(symbol, out var lastTicks))
        {
            var elapsed = nowTicks - lastTicks;
            if (elapsed < _minIntervalTicks)
                return PreflightResult.Reject(PreflightRule.SymbolRate, ElapsedMs(elapsed), _minIntervalMs, symbol);
        }

        if (_duplicateTicks > 0 && activity.TryFindIdenticalSent(in order, nowTicks, _duplicateTicks, out var sentTicks))
            return PreflightResult.Reject(PreflightRule.Duplicate, ElapsedMs(nowTicks - sentTicks), _duplicateMs, symbol);

        var hasQuote = view.TryGetQuote(symbol, out var quote);
        var mark = hasQuote ? quote.Mark : 0m;
        var usable = mark is >= MinQuotePrice and <= MaxPrice;
        var age = hasQuote ? nowTicks - quote.Time.UtcTicks : long.MaxValue;
        if (!reduction)
        {
            if (!hasQuote)
                return PreflightResult.Reject(PreflightRule.MissingQuote, 0, 0, symbol);
            if (!usable)
                return PreflightResult.Reject(PreflightRule.MissingQuote, 0, 0, UnusableQuote);
            if (age > _quoteMaxAgeTicks)
                return PreflightResult.Reject(PreflightRule.StaleQuote, AgeMs(age), _quoteMaxAgeMs, symbol);
        }

        // The collar needs a trustworthy reference: a reduction with a stale or missing quote skips it.
        if (usable && age <= _quoteMaxAgeTicks)
        {
            var collar = Collar(in order, mark);
            if (!collar.IsAccepted)
                return collar;
        }

        if (reduction)
            return PreflightResult.Accepted;

        var factor = TradingStateMachine.SizeFactor(state, _policy);
        var scaledDetail = state switch
        {
            TradingState.Restricted => _restrictedDetail,
            TradingState.Cautious => _cautiousDetail,
            _ => null,
        };

        // Worst case: working orders in the order's direction fill, the ones against it do not.
        var pending = view.PendingQuantity(symbol);
        var pendingSameDirection = (pending > 0 && signed > 0) || (pending < 0 && signed < 0) ? pending : 0m;
        var projected = Math.Abs(position + pendingSameDirection + signed);
        var maxPosition = _limits.MaxPositionPerSymbol * factor;
        if (projected > maxPosition)
            return PreflightResult.Reject(PreflightRule.MaxPosition, projected, maxPosition, scaledDetail);

        var price = ReferencePrice(in order, in quote);
        if (price is < MinQuotePrice or > MaxPrice)
            return PreflightResult.Reject(PreflightRule.MissingQuote, 0, 0, UnusableQuote);
        var notional = order.Quantity * price;
        var maxNotional = _limits.MaxOrderNotional * factor;
        if (notional > maxNotional)
            return PreflightResult.Reject(PreflightRule.MaxOrderNotional, Math.Round(notional, 2, MidpointRounding.ToPositiveInfinity), maxNotional, scaledDetail);

        var working = view.WorkingOrderCount;
        if (working >= _limits.MaxWorkingOrders)
            return PreflightResult.Reject(PreflightRule.MaxWorkingOrders, working, _limits.MaxWorkingOrders);

        return PreflightResult.Accepted;
    }

    /// <summary>True when the order lowers the absolute position without flipping its sign.</summary>
    public static bool IsReduction(decimal position, decimal signedQuantity) =>
        (position > 0 && signedQuantity < 0 && -signedQuantity <= position)
        || (position < 0 && signedQuantity > 0 && signedQuantity <= -position);

    private static PreflightResult Validate(in OrderCheck order)
    {
        if (!IsValidSymbol(order.Symbol))
            return PreflightResult.Reject(PreflightRule.InvalidOrder, order.Symbol?.Length ?? 0, MaxSymbolLength, BadSymbol);
        if (string.IsNullOrWhiteSpace(order.Strategy))
            return PreflightResult.Reject(PreflightRule.InvalidOrder, 0, 0, NoStrategy);
        if (order.Side is not (OrderSide.Buy or OrderSide.Sell))
            return PreflightResult.Reject(PreflightRule.InvalidOrder, (int)order.Side, 0, BadSide);
        if (order.Quantity <= 0 || order.Quantity > MaxQuantity || decimal.Truncate(order.Quantity) != order.Quantity)
            return PreflightResult.Reject(PreflightRule.InvalidOrder, order.Quantity, MaxQuantity, BadQuantity);

        var needsLimit = order.Type is OrderType.Limit or OrderType.StopLimit;
        var needsStop = order.Type is OrderType.Stop or OrderType.StopLimit;
        if (order.Type is not (OrderType.Market or OrderType.Limit or OrderType.Stop or OrderType.StopLimit))
            return PreflightResult.Reject(PreflightRule.InvalidOrder, (int)order.Type, 0, BadType);
        if (needsLimit && order.LimitPrice is not (> 0 and <= MaxPrice))
            return PreflightResult.Reject(PreflightRule.InvalidOrder, order.LimitPrice ?? 0, MaxPrice, NeedsLimitPrice);
        if (!needsLimit && order.LimitPrice is not null)
            return PreflightResult.Reject(PreflightRule.InvalidOrder, order.LimitPrice.Value, 0, NoLimitPrice);
        if (needsStop && order.StopPrice is not (> 0 and <= MaxPrice))
            return PreflightResult.Reject(PreflightRule.InvalidOrder, order.StopPrice ?? 0, MaxPrice, NeedsStopPrice);
        if (!needsStop && order.StopPrice is not null)
            return PreflightResult.Reject(PreflightRule.InvalidOrder, order.StopPrice.Value, 0, NoStopPrice);
        return PreflightResult.Accepted;
    }

    private static bool IsValidSymbol(string? symbol)
    {
        if (string.IsNullOrEmpty(symbol) || symbol.Length > MaxSymbolLength)
            return false;
        foreach (var c in symbol)
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.'))
                return false;
        }

        return true;
    }

    private PreflightResult Collar(in OrderCheck order, decimal mark)
    {
        // Compare without dividing first: |price - mark| > mark × collar / 100.
        var allowed = mark * _limits.PriceCollarPercent / 100m;
        var worst = 0m;
        if (order.LimitPrice is { } limit)
            worst = Math.Abs(limit - mark);
        if (order.StopPrice is { } stop)
            worst = Math.Max(worst, Math.Abs(stop - mark));
        if (worst <= allowed)
            return PreflightResult.Accepted;
        var percent = Math.Round(worst / mark * 100m, 2, MidpointRounding.ToPositiveInfinity);
        return PreflightResult.Reject(PreflightRule.PriceCollar, percent, _limits.PriceCollarPercent, order.Symbol);
    }

    /// <summary>Limit price for LMT and STP LMT, stop price for STP, the side's quote (ask to buy, bid to sell, else last) for MKT.</summary>
    private static decimal ReferencePrice(in OrderCheck order, in Quote quote) => order.Type switch
    {
        OrderType.Limit or OrderType.StopLimit => order.LimitPrice.GetValueOrDefault(),
        OrderType.Stop => order.StopPrice.GetValueOrDefault(),
        _ when order.Side == OrderSide.Buy => quote.Ask > 0 ? quote.Ask : quote.Last,
        _ => quote.Bid > 0 ? quote.Bid : quote.Last,
    };

    private static decimal Milliseconds(long ticks) => (decimal)ticks / TimeSpan.TicksPerMillisecond;

    // Elapsed times are reported rounded down and ages rounded up, so the number shown is on the rejected side of the limit.
    private static decimal ElapsedMs(long ticks) => Math.Round(Milliseconds(Math.Max(0, ticks)), 2, MidpointRounding.ToNegativeInfinity);

    private static decimal AgeMs(long ticks) => Math.Round(Milliseconds(ticks), 2, MidpointRounding.ToPositiveInfinity);
}
