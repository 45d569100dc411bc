using System.Globalization;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using static ChatOpsTrader.Core.Reconciliation.ReconciliationText;

namespace ChatOpsTrader.Core.Reconciliation;

/// <summary>
/// Compares our journal with the broker (the broker is the truth) and decides, per difference, what the engine
/// does, following the runbook's "Position Mismatch" and "Unexpected Position" decision trees. Pure: no I/O, no clock.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Executions: every broker execution whose id we never applied is a <see cref="ReconciliationKind.MissingExecution"/>.</item>
/// <item>Positions: missing executions are applied mentally first; a difference they fully explain is not reported again.
/// We show more: <see cref="ReconciliationKind.SystemMore"/>; less: <see cref="ReconciliationKind.SystemLess"/>; we show
/// nothing and the broker holds a position our own (<c>COT-</c>) missing executions do not explain:
/// <see cref="ReconciliationKind.UnknownPosition"/>. Same quantity, average cost apart beyond the tolerance:
/// <see cref="ReconciliationKind.PriceDifferent"/> (checked only when no execution of the symbol is missing).</item>
/// <item>Orders are matched by client id and broker order id (TWS order ids are unique per client id only).</item>
/// </list>
/// </remarks>
public static class Reconciler
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Compares our view with the broker's.</summary>
    public static ReconciliationReport Compare(ReconciliationInput input, ReconciliationOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(input.OurPositions);
        ArgumentNullException.ThrowIfNull(input.BrokerPositions);
        ArgumentNullException.ThrowIfNull(input.OurOrders);
        ArgumentNullException.ThrowIfNull(input.BrokerOrders);
        ArgumentNullException.ThrowIfNull(input.OurExecIds);
        ArgumentNullException.ThrowIfNull(input.BrokerExecutions);
        ArgumentOutOfRangeException.ThrowIfNegative(options.QuantityTolerance);
        ArgumentOutOfRangeException.ThrowIfNegative(options.PriceTolerancePercent);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OrderGracePeriod, TimeSpan.Zero);

        var items = new List<ReconciliationItem>();
        var missing = FindMissingExecutions(input, out var executionCount);
        foreach (var fill in missing)
            items.Add(MissingExecutionItem(fill));
        var positionCount = ComparePositions(input, options, missing, items);
        var orderCount = CompareOrders(input, options, items);

        return new ReconciliationReport(input.Time, items)
        {
            PositionsCompared = positionCount,
            OrdersCompared = orderCount,
            ExecutionsCompared = executionCount,
        };
    }

    private static List<Fill> FindMissingExecutions(ReconciliationInput input, out int distinct)
    {
        var ours = input.OurExecIds as IReadOnlySet<string> ?? new HashSet<string>(input.OurExecIds, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<Fill>();
        foreach (var fill in input.BrokerExecutions)
        {
            if (seen.Add(fill.ExecId) && !ours.Contains(fill.ExecId))
                missing.Add(fill);
        }

        distinct = seen.Count;
        missing.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.ExecId, b.ExecId));
        return missing;
    }

    private static ReconciliationItem MissingExecutionItem(Fill fill)
    {
        var signed = fill.Quantity * fill.Side.Sign();
        var whose = OrderRefs.IsOurs(fill.OrderRef)
            ? string.Create(Inv, $"our order {fill.BrokerOrderId} (ref {fill.OrderRef})")
            : string.Create(Inv, $"order {fill.BrokerOrderId} not placed by ChatOpsTrader (ref {Ref(fill.OrderRef)})");
        var side = fill.Side == OrderSide.Buy ? "BUY" : "SELL";
        var explanation = string.Create(
            Inv,
            $"broker execution {fill.ExecId} at {fill.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({side} {Quantity(fill.Quantity)} {fill.Symbol} @ {Price(fill.Price)}, {whose}) is not in our journal: the fill happened but was not recorded; recording it");
        return new ReconciliationItem(
            ReconciliationKind.MissingExecution,
            fill.Symbol,
            0m,
            signed,
            null,
            fill.Price,
            fill.BrokerOrderId,
            fill.ExecId,
            ReconciliationAction.RecordMissingFill,
            explanation)
        {
            Execution = fill,
        };
    }

    private static int ComparePositions(ReconciliationInput input, ReconciliationOptions options, List<Fill> missing, List<ReconciliationItem> items)
    {
        var ours = new Dictionary<string, Holding>(StringComparer.Ordinal);
        foreach (var position in input.OurPositions)
            ours[position.Symbol] = ours.GetValueOrDefault(position.Symbol).Add(position.Quantity, position.AverageCost);

        // Our fills newer than the broker's answer: compare what we held when the broker answered.
        var newer = NewerThanBroker(input);
        foreach (var (symbol, signed) in newer)
        {
            var holding = ours.GetValueOrDefault(symbol);
            ours[symbol] = holding with { Quantity = holding.Quantity - signed, CostBasis = holding.Quantity == 0 ? 0 : holding.CostBasis * (holding.Quantity - signed) / holding.Quantity };
        }
        var brokers = new Dictionary<string, Holding>(StringComparer.Ordinal);
        foreach (var position in input.BrokerPositions)
            brokers[position.Symbol] = brokers.GetValueOrDefault(position.Symbol).Add(position.Quantity, position.AverageCost);
        var missingBySymbol = new Dictionary<string, MissingFills>(StringComparer.Ordinal);
        foreach (var fill in missing)
            missingBySymbol[fill.Symbol] = missingBySymbol.GetValueOrDefault(fill.Symbol).Add(fill);

        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (symbol, holding) in ours)
        {
            if (holding.Quantity != 0)
                symbols.Add(symbol);
        }

        foreach (var (symbol, holding) in brokers)
        {
            if (holding.Quantity != 0)
                symbols.Add(symbol);
        }

        symbols.UnionWith(missingBySymbol.Keys);

        var compared = 0;
        var tolerance = options.QuantityTolerance;
        foreach (var symbol in symbols)
        {
            var our = ours.GetValueOrDefault(symbol);
            var broker = brokers.GetValueOrDefault(symbol);
            var fills = missingBySymbol.GetValueOrDefault(symbol);
            if (our.Quantity != 0 || broker.Quantity != 0)
                compared++;

            if (our.Quantity == 0 && broker.Quantity != 0 && Math.Abs(fills.Ours - broker.Quantity) > tolerance)
            {
                items.Add(UnknownPositionItem(symbol, broker, fills));
                continue;
            }

            var expected = our.Quantity + fills.Ours + fills.Foreign;
            if (Math.Abs(expected - broker.Quantity) > tolerance)
            {
                items.Add(QuantityItem(symbol, our, expected, broker, fills));
                continue;
            }

            if (fills.Count == 0 && !newer.ContainsKey(symbol) && our.Quantity != 0 && broker.Quantity != 0 && broker.Average > 0)
            {
                var apart = Math.Abs(our.Average - broker.Average) / broker.Average * 100m;
                if (apart > options.PriceTolerancePercent)
                    items.Add(PriceItem(symbol, our, broker, apart, options.PriceTolerancePercent));
            }
        }

        return compared;
    }

    /// <summary>Signed quantities, by symbol, of our fills applied since the request that the broker's executions do not hold.</summary>
    private static Dictionary<string, decimal> NewerThanBroker(ReconciliationInput input)
    {
        var newer = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (input.OurFillsSinceRequest.Count == 0)
            return newer;
        var known = new HashSet<string>(input.BrokerExecutions.Select(e => e.ExecId), StringComparer.Ordinal);
        foreach (var fill in input.OurFillsSinceRequest)
        {
            if (!known.Contains(fill.ExecId))
                newer[fill.Symbol] = newer.GetValueOrDefault(fill.Symbol) + (fill.Quantity * fill.Side.Sign());
        }

        return newer;
    }

    private static ReconciliationItem UnknownPositionItem(string symbol, Holding broker, MissingFills fills)
    {
        var unexplained = broker.Quantity - fills.Ours;
        var ours = fills.Ours != 0
            ? string.Create(Inv, $"; our own missing executions account for {Quantity(fills.Ours)}")
            : string.Empty;
        var foreign = fills.Foreign != 0
            ? string.Create(Inv, $"; executions of orders not placed by ChatOpsTrader account for {Quantity(fills.Foreign)}")
            : string.Empty;
        var explanation = string.Create(
            Inv,
            $"system shows no {symbol}, broker shows {Holding(broker.Quantity, symbol)} @ {Price(broker.Average)}: {Quantity(unexplained)} of it is not explained by any of our orders{ours}{foreign}. Possible unauthorized access: halt trading and escalate; verify in TWS before acting; the broker's {Quantity(broker.Quantity)} is adopted so limits and flatten see it");
        return new ReconciliationItem(
            ReconciliationKind.UnknownPosition,
            symbol,
            fills.Ours,
            broker.Quantity,
            fills.OursAveragePrice,
            broker.Average,
            null,
            null,
            ReconciliationAction.HaltAndEscalate,
            explanation);
    }

    private static ReconciliationItem QuantityItem(string symbol, Holding our, decimal expected, Holding broker, MissingFills fills)
    {
        var more = expected != 0 && (broker.Quantity == 0 || Math.Abs(expected) > Math.Abs(broker.Quantity));
        var ourText = Holding(our.Quantity, symbol);
        if (fills.Count > 0)
        {
            ourText += string.Create(Inv, $" ({Quantity(expected)} after the {fills.Count} missing execution{(fills.Count == 1 ? string.Empty : "s")} above)");
        }

        var opposite = expected != 0 && broker.Quantity != 0 && Math.Sign(expected) != Math.Sign(broker.Quantity) ? " on the opposite side" : string.Empty;
        var why = more
            ? "likely a recorded order that did not fill (check its status in TWS)"
            : "likely a fill that happened but was not recorded, and no execution in the broker's session explains it (check TWS execution history)";
        var adopt = broker.Quantity == 0
            ? "adopting the broker's 0 (flat)"
            : string.Create(Inv, $"adopting the broker's {Quantity(broker.Quantity)} @ {Price(broker.Average)}");
        var explanation = string.Create(Inv, $"system shows {ourText}, broker shows {Holding(broker.Quantity, symbol)}{opposite}: {why}; {adopt}");
        return new ReconciliationItem(
            more ? ReconciliationKind.SystemMore : ReconciliationKind.SystemLess,
            symbol,
            expected,
            broker.Quantity,
            our.Quantity != 0 ? our.Average : fills.AllAveragePrice,
            broker.Quantity != 0 ? broker.Average : null,
            null,
            null,
            ReconciliationAction.AdoptBrokerQuantity,
            explanation);
    }

    private static ReconciliationItem PriceItem(string symbol, Holding our, Holding broker, decimal apart, decimal tolerance)
    {
        var explanation = string.Create(
            Inv,
            $"system and broker both show {Holding(our.Quantity, symbol)}, but our average cost is {Price(our.Average)} and the broker's {Price(broker.Average)} ({apart:0.##}% apart, tolerance {tolerance:0.##}%): price sync issue; adopting the broker's {Price(broker.Average)}");
        return new ReconciliationItem(
            ReconciliationKind.PriceDifferent,
            symbol,
            our.Quantity,
            broker.Quantity,
            our.Average,
            broker.Average,
            null,
            null,
            ReconciliationAction.AdoptBrokerPrice,
            explanation);
    }

    private static int CompareOrders(ReconciliationInput input, ReconciliationOptions options, List<ReconciliationItem> items)
    {
        var brokerAll = new Dictionary<(int ClientId, long OrderId), BrokerOrder>();
        var brokerWorking = new HashSet<(int ClientId, long OrderId)>();
        foreach (var order in input.BrokerOrders)
        {
            var key = (order.ClientId, order.BrokerOrderId);
            if (order.Status.IsWorking())
            {
                brokerWorking.Add(key);
                brokerAll[key] = order;
            }
            else
            {
                brokerAll.TryAdd(key, order);
            }
        }

        var oursAll = new Dictionary<(int ClientId, long OrderId), WorkingOrder>();
        var oursWorking = new HashSet<(int ClientId, long OrderId)>();
        foreach (var ours in input.OurOrders)
        {
            var key = (ours.Order.ClientId, ours.Order.BrokerOrderId);
            oursAll[key] = ours;
            if (ours.Order.Status.IsWorking())
                oursWorking.Add(key);
        }

        var reported = new HashSet<(int ClientId, long OrderId)>();
        foreach (var ours in input.OurOrders)
        {
            var order = ours.Order;
            var key = (order.ClientId, order.BrokerOrderId);
            if (!order.Status.IsWorking() || brokerWorking.Contains(key) || input.Time - ours.CreatedAt < options.OrderGracePeriod || !reported.Add(key))
                continue;

            var atBroker = brokerAll.GetValueOrDefault(key);
            var where = atBroker is null
                ? "not open at the broker: it filled, was cancelled or never arrived"
                : string.Create(Inv, $"{atBroker.Status} at the broker");
            var strategy = string.IsNullOrEmpty(ours.Strategy) ? ours.Origin.ToString() : "strategy " + ours.Strategy;
            var explanation = string.Create(
                Inv,
                $"our order {order.BrokerOrderId} ({Describe(order)}, {strategy}, ref {Ref(order.OrderRef)}) is {order.Status} in our book but {where}; marking it closed (fills are reconciled from executions)");
            items.Add(new ReconciliationItem(
                ReconciliationKind.OrderMissingAtBroker,
                order.Symbol,
                order.Quantity,
                atBroker?.Quantity ?? 0m,
                OrderPrice(order),
                atBroker is null ? null : OrderPrice(atBroker),
                order.BrokerOrderId,
                null,
                ReconciliationAction.MarkOrderClosed,
                explanation));
        }

        reported.Clear();
        foreach (var order in input.BrokerOrders)
        {
            var key = (order.ClientId, order.BrokerOrderId);
            if (!order.Status.IsWorking() || oursWorking.Contains(key) || !reported.Add(key))
                continue;

            var described = string.Create(Inv, $"broker order {order.BrokerOrderId} ({Describe(order)}, client {order.ClientId}, ref {Ref(order.OrderRef)})");
            ReconciliationItem item;
            if (oursAll.TryGetValue(key, out var closed))
            {
                item = OrderItem(
                    ReconciliationKind.UntrackedOrder,
                    order,
                    closed.Order,
                    ReconciliationAction.RecordOrder,
                    string.Create(Inv, $"{described} is {order.Status} at the broker but {closed.Order.Status} in our book: recording it as working again so limits count it"));
            }
            else if (OrderRefs.IsOurs(order.OrderRef))
            {
                item = OrderItem(
                    ReconciliationKind.UntrackedOrder,
                    order,
                    null,
                    ReconciliationAction.RecordOrder,
                    string.Create(Inv, $"{described} carries our reference but is not in our book (lost before it was journaled?): recording it as working so limits count it"));
            }
            else
            {
                item = OrderItem(
                    ReconciliationKind.ExternalOrder,
                    order,
                    null,
                    ReconciliationAction.RecordExternalOrder,
                    string.Create(Inv, $"{described} was not placed through ChatOpsTrader: recording it as external so limits and the watchdog count it"));
            }

            items.Add(item);
        }

        return brokerWorking.Count;
    }

    private static ReconciliationItem OrderItem(ReconciliationKind kind, BrokerOrder brokerOrder, BrokerOrder? ours, ReconciliationAction action, string explanation) =>
        new(
            kind,
            brokerOrder.Symbol,
            ours?.Quantity ?? 0m,
            brokerOrder.Quantity,
            ours is null ? null : OrderPrice(ours),
            OrderPrice(brokerOrder),
            brokerOrder.BrokerOrderId,
            null,
            action,
            explanation)
        {
            Order = brokerOrder,
        };

    private static decimal? OrderPrice(BrokerOrder order) => order.LimitPrice ?? order.StopPrice;

    /// <summary>A position, possibly reported in several rows: total quantity and average cost.</summary>
    private readonly record struct Holding(decimal Quantity, decimal CostBasis, decimal FirstAverage, int Rows)
    {
        public decimal Average => Rows == 1 ? FirstAverage : Quantity != 0 ? CostBasis / Quantity : 0m;

        public Holding Add(decimal quantity, decimal average) =>
            new(Quantity + quantity, CostBasis + (quantity * average), Rows == 0 ? average : FirstAverage, Rows + 1);
    }

    /// <summary>Missing executions of one symbol: signed quantities of ours (<c>COT-</c>) and of foreign orders.</summary>
    private readonly record struct MissingFills(decimal Ours, decimal Foreign, int Count, decimal OursSize, decimal OursNotional, decimal AllSize, decimal AllNotional)
    {
        public decimal? OursAveragePrice => OursSize > 0 ? OursNotional / OursSize : null;

        public decimal? AllAveragePrice => AllSize > 0 ? AllNotional / AllSize : null;

        public MissingFills Add(Fill fill)
        {
            var signed = fill.Quantity * fill.Side.Sign();
            var notional = fill.Quantity * fill.Price;
            return OrderRefs.IsOurs(fill.OrderRef)
                ? new(Ours + signed, Foreign, Count + 1, OursSize + fill.Quantity, OursNotional + notional, AllSize + fill.Quantity, AllNotional + notional)
                : new(Ours, Foreign + signed, Count + 1, OursSize, OursNotional, AllSize + fill.Quantity, AllNotional + notional);
        }
    }
}
