using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Core.Portfolio;

/// <summary>
/// Our view of the account's positions: FIFO lots per symbol built from executions, marks, and the set of
/// executions already applied. Owned by the single engine loop; not thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The book tracks the whole account (every execution, ours or foreign), because it is compared with the
/// broker's account-wide positions. All lots of a symbol are on the same side: a fill on the other side
/// closes lots first in, first out, and only the remainder opens a lot on the new side.
/// </para>
/// <para>
/// Commissions: the opening fill's commission is carried by its lot and attributed pro rata to the quantity
/// closed; the closing fill's commission is split pro rata over the quantities it closes and opens. Shares are
/// rounded to <see cref="CommissionDecimals"/> places and the last share takes the remainder, so the
/// commissions attributed always add up exactly to the commissions charged. Unrealized P&amp;L excludes the
/// commission still carried by open lots; it is realized when the lot closes.
/// </para>
/// </remarks>
public sealed class PositionBook
{
    /// <summary>The strategy of a lot created by <see cref="Adopt"/>.</summary>
    public const string ReconciledStrategy = "reconciled";

    /// <summary>Decimal places of a pro-rata commission share.</summary>
    public const int CommissionDecimals = 8;

    private static readonly ClosedTrade[] NoTrades = [];

    private readonly Dictionary<string, SymbolLots> _symbols = new(StringComparer.Ordinal);
    private readonly HashSet<string> _execIds = new(StringComparer.Ordinal);
    private readonly ReadOnlySet<string> _execIdsView;
    private int _openCount;

    /// <summary>Creates an empty book.</summary>
    public PositionBook() => _execIdsView = new ReadOnlySet<string>(_execIds);

    /// <summary>Number of symbols with an open (non-zero) position.</summary>
    public int Count => _openCount;

    /// <summary>
    /// Every execution id applied so far (a live read-only view, also an <see cref="IReadOnlySet{T}"/>;
    /// read it on the engine loop or copy it).
    /// </summary>
    public IReadOnlyCollection<string> ExecIds => _execIdsView;

    /// <summary>Total unrealized P&amp;L over every marked position, before the commissions open lots carry.</summary>
    public decimal UnrealizedPnl
    {
        get
        {
            var total = 0m;
            foreach (var lots in _symbols.Values)
                total += lots.Unrealized;
            return total;
        }
    }

    /// <summary>True when the execution was already applied.</summary>
    public bool HasExecution(string execId)
    {
        ArgumentNullException.ThrowIfNull(execId);
        return _execIds.Contains(execId);
    }

    /// <summary>
    /// Applies an execution. Idempotent by <see cref="Fill.ExecId"/>: a repeated execution changes nothing and
    /// returns an empty list. Returns one <see cref="ClosedTrade"/> per lot (or part of a lot) the fill closed,
    /// oldest lot first; the returned list belongs to the caller.
    /// </summary>
    /// <exception cref="ArgumentException">The fill has no exec id or symbol, an unknown side, or a quantity or price that is not positive.
    /// Nothing is changed.</exception>
    public IReadOnlyList<ClosedTrade> ApplyFill(Fill fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        ArgumentException.ThrowIfNullOrEmpty(fill.ExecId);
        ArgumentException.ThrowIfNullOrEmpty(fill.Symbol);
        ArgumentNullException.ThrowIfNull(fill.Strategy);
        if (!Enum.IsDefined(fill.Side))
            throw new ArgumentException($"Unknown side {fill.Side} in execution {fill.ExecId}.", nameof(fill));
        if (fill.Quantity <= 0)
            throw new ArgumentException($"Execution {fill.ExecId} has quantity {fill.Quantity}; it must be positive.", nameof(fill));
        if (fill.Price <= 0)
            throw new ArgumentException($"Execution {fill.ExecId} has price {fill.Price}; it must be positive.", nameof(fill));

        if (!_execIds.Add(fill.ExecId))
            return NoTrades;

        var lots = GetOrAdd(fill.Symbol);
        var wasOpen = lots.Net != 0;
        var fillSign = fill.Side.Sign();
        var remaining = fill.Quantity;
        var commissionLeft = fill.Commission;
        List<ClosedTrade>? closed = null;

        while (remaining > 0 && lots.Queue.Count > 0 && Math.Sign(lots.Queue.Peek().Quantity) == -fillSign)
        {
            var lot = lots.Queue.Peek();
            var lotSign = Math.Sign(lot.Quantity);
            var lotSize = Math.Abs(lot.Quantity);
            var quantity = Math.Min(lotSize, remaining);

            var openingCommission = quantity == lotSize ? lot.Commission : Share(lot.Commission, quantity, lotSize);
            var closingCommission = quantity == remaining ? commissionLeft : Share(fill.Commission, quantity, fill.Quantity);
            var pnl = ((fill.Price - lot.Price) * quantity * lotSign) - openingCommission - closingCommission;

            closed ??= new List<ClosedTrade>(lots.Queue.Count);
            closed.Add(new ClosedTrade(
                fill.Symbol,
                lot.Strategy,
                lotSign > 0 ? OrderSide.Buy : OrderSide.Sell,
                quantity,
                lot.Price,
                fill.Price,
                pnl,
                lot.OpenedAt,
                fill.Time,
                fill.ExecId));

            lot.Quantity -= quantity * lotSign;
            lot.Commission -= openingCommission;
            commissionLeft -= closingCommission;
            remaining -= quantity;
            if (lot.Quantity == 0)
                lots.Queue.Dequeue();
        }

        if (remaining > 0)
            lots.Queue.Enqueue(new Lot(remaining * fillSign, fill.Price, fill.Strategy, fill.Time, commissionLeft));

        lots.Recompute();
        UpdateOpenCount(wasOpen, lots.Net != 0);
        return closed ?? (IReadOnlyList<ClosedTrade>)NoTrades;
    }

    /// <summary>Sets the mark (last price) of a symbol, held or not; used for unrealized P&amp;L.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The price is not positive (for example TWS's -1 "no price").</exception>
    public void Mark(string symbol, decimal price)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        var lots = GetOrAdd(symbol);
        lots.Mark = price;
        lots.UpdateUnrealized();
    }

    /// <summary>Signed net quantity of a symbol (0 when flat or unknown). O(1), no allocation.</summary>
    public decimal QuantityOf(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return _symbols.TryGetValue(symbol, out var lots) ? lots.Net : 0m;
    }

    /// <summary>The open position of a symbol; false when flat.</summary>
    public bool TryGetPosition(string symbol, [MaybeNullWhen(false)] out Position position)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (_symbols.TryGetValue(symbol, out var lots) && lots.Net != 0)
        {
            position = lots.ToPosition(symbol);
            return true;
        }

        position = default!;
        return false;
    }

    /// <summary>Every open position, sorted by symbol (ordinal).</summary>
    public IReadOnlyList<Position> Snapshot()
    {
        if (_openCount == 0)
            return [];
        var positions = new Position[_openCount];
        var i = 0;
        foreach (var (symbol, lots) in _symbols)
        {
            if (lots.Net != 0)
                positions[i++] = lots.ToPosition(symbol);
        }

        Array.Sort(positions, static (a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
        return positions;
    }

    /// <summary>Unrealized P&amp;L of the open lots a strategy owns, over marked symbols.</summary>
    public decimal UnrealizedPnlFor(string strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var total = 0m;
        foreach (var lots in _symbols.Values)
        {
            if (lots.Mark is not { } mark)
                continue;
            foreach (var lot in lots.Queue)
            {
                if (string.Equals(lot.Strategy, strategy, StringComparison.Ordinal))
                    total += (mark * lot.Quantity) - (lot.Price * lot.Quantity);
            }
        }

        return total;
    }

    /// <summary>
    /// Reconciliation correction (the broker is the truth): replaces the symbol's lots by one lot of the
    /// broker's quantity at its average cost, owned by <see cref="ReconciledStrategy"/> and carrying no
    /// commission; removes the position when <paramref name="quantity"/> is 0. Keeps the mark and the
    /// applied execution ids. Record missing executions with <see cref="ApplyFill"/> before adopting.
    /// </summary>
    public void Adopt(string symbol, decimal quantity, decimal averageCost, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        var lots = GetOrAdd(symbol);
        var wasOpen = lots.Net != 0;
        lots.Queue.Clear();
        if (quantity != 0)
            lots.Queue.Enqueue(new Lot(quantity, averageCost, ReconciledStrategy, now, 0m));
        lots.Recompute();
        UpdateOpenCount(wasOpen, lots.Net != 0);
    }

    private static decimal Share(decimal commission, decimal quantity, decimal of) =>
        commission == 0 ? 0 : Math.Round(commission * quantity / of, CommissionDecimals, MidpointRounding.ToEven);

    private SymbolLots GetOrAdd(string symbol)
    {
        if (!_symbols.TryGetValue(symbol, out var lots))
        {
            lots = new SymbolLots();
            _symbols.Add(symbol, lots);
        }

        return lots;
    }

    private void UpdateOpenCount(bool wasOpen, bool isOpen)
    {
        if (wasOpen && !isOpen)
            _openCount--;
        else if (!wasOpen && isOpen)
            _openCount++;
    }

    /// <summary>An open lot. Quantity is signed and shrinks toward zero as it is closed.</summary>
    private sealed class Lot(decimal quantity, decimal price, string strategy, DateTimeOffset openedAt, decimal commission)
    {
        public decimal Quantity { get; set; } = quantity;

        public decimal Price { get; } = price;

        public string Strategy { get; } = strategy;

        public DateTimeOffset OpenedAt { get; } = openedAt;

        /// <summary>Opening commission not yet attributed to a closed trade.</summary>
        public decimal Commission { get; set; } = commission;
    }

    /// <summary>The lots of one symbol, oldest first, with cached totals.</summary>
    private sealed class SymbolLots
    {
        public Queue<Lot> Queue { get; } = new();

        public decimal? Mark { get; set; }

        /// <summary>Sum of the lots' signed quantities.</summary>
        public decimal Net { get; private set; }

        /// <summary>Sum of signed quantity times price over the lots.</summary>
        public decimal CostBasis { get; private set; }

        /// <summary>Mark value less cost basis, 0 without a mark.</summary>
        public decimal Unrealized { get; private set; }

        /// <summary>Recomputes the totals from the lots (no drift from incremental updates).</summary>
        public void Recompute()
        {
            decimal net = 0, cost = 0;
            foreach (var lot in Queue)
            {
                net += lot.Quantity;
                cost += lot.Quantity * lot.Price;
            }

            Net = net;
            CostBasis = cost;
            UpdateUnrealized();
        }

        public void UpdateUnrealized() => Unrealized = Mark is { } mark && Net != 0 ? (mark * Net) - CostBasis : 0m;

        public Position ToPosition(string symbol)
        {
            var openedAt = DateTimeOffset.MaxValue;
            foreach (var lot in Queue)
            {
                if (lot.OpenedAt < openedAt)
                    openedAt = lot.OpenedAt;
            }

            return new Position(symbol, Net, CostBasis / Net, Mark, Unrealized, openedAt);
        }
    }
}
