using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace ChatOpsTrader.Core.Reconciliation;

/// <summary>
/// The result of one reconciliation. Items come in the order the engine applies them: missing executions
/// (oldest first), then positions by symbol, then orders. When <see cref="HasUnknownPosition"/> is true,
/// halt before applying anything.
/// </summary>
/// <param name="Time">When the broker's snapshot was taken.</param>
/// <param name="Items">Every difference; empty when clean.</param>
public sealed record ReconciliationReport(DateTimeOffset Time, IReadOnlyList<ReconciliationItem> Items)
{
    private const int SummaryItems = 5;

    /// <summary>Symbols with a position on either side.</summary>
    public int PositionsCompared { get; init; }

    /// <summary>Working orders at the broker.</summary>
    public int OrdersCompared { get; init; }

    /// <summary>Distinct broker executions.</summary>
    public int ExecutionsCompared { get; init; }

    /// <summary>True when nothing differs.</summary>
    public bool IsClean => Items.Count == 0;

    /// <summary>True when the broker holds a position none of our orders explain: halt and escalate.</summary>
    public bool HasUnknownPosition
    {
        get
        {
            foreach (var item in Items)
            {
                if (item.Kind == ReconciliationKind.UnknownPosition)
                    return true;
            }

            return false;
        }
    }

    /// <summary>
    /// True when executions were missing. Apply the items, then compare again against the same broker snapshot:
    /// the average cost of the symbols those executions touch can only be checked once they are applied.
    /// </summary>
    public bool RequiresSecondPass
    {
        get
        {
            foreach (var item in Items)
            {
                if (item.Kind == ReconciliationKind.MissingExecution)
                    return true;
            }

            return false;
        }
    }

    /// <summary>Sum over position items of the absolute quantity difference times the best price known.</summary>
    public decimal BreakValue
    {
        get
        {
            var total = 0m;
            foreach (var item in Items)
            {
                if (item.Kind.IsPosition())
                    total += item.QuantityDifference * item.BestPrice;
            }

            return total;
        }
    }

    /// <summary>One line for a person: "clean: 4 positions, 2 orders, 17 executions match" or the differences, worst first.</summary>
    public string Summary()
    {
        var inv = CultureInfo.InvariantCulture;
        if (IsClean)
        {
            return string.Create(inv, $"clean: {Count(PositionsCompared, "position")}, {Count(OrdersCompared, "order")}, {Count(ExecutionsCompared, "execution")} match");
        }

        var text = new StringBuilder();
        text.Append(inv, $"{Count(Items.Count, "difference")}, break value {ReconciliationText.Money(BreakValue)}: ");
        var ordered = Items.OrderBy(static i => Severity(i.Kind)).ToList();
        for (var i = 0; i < ordered.Count && i < SummaryItems; i++)
        {
            if (i > 0)
                text.Append("; ");
            text.Append(Brief(ordered[i]));
        }

        if (ordered.Count > SummaryItems)
            text.Append(inv, $"; and {ordered.Count - SummaryItems} more");
        return text.ToString();
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");

    private static int Severity(ReconciliationKind kind) => kind switch
    {
        ReconciliationKind.UnknownPosition => 0,
        ReconciliationKind.SystemMore or ReconciliationKind.SystemLess => 1,
        ReconciliationKind.MissingExecution => 2,
        ReconciliationKind.PriceDifferent => 3,
        ReconciliationKind.UntrackedOrder => 4,
        ReconciliationKind.OrderMissingAtBroker => 5,
        _ => 6,
    };

    private static string Brief(ReconciliationItem item)
    {
        var q = ReconciliationText.Quantity;
        return item.Kind switch
        {
            ReconciliationKind.UnknownPosition => Invariant($"UNKNOWN POSITION {item.Symbol}: broker {q(item.BrokerQuantity)}, ours {q(item.OurQuantity)}, halt"),
            ReconciliationKind.SystemMore => Invariant($"{item.Symbol} system more: ours {q(item.OurQuantity)}, broker {q(item.BrokerQuantity)}"),
            ReconciliationKind.SystemLess => Invariant($"{item.Symbol} system less: ours {q(item.OurQuantity)}, broker {q(item.BrokerQuantity)}"),
            ReconciliationKind.MissingExecution => Invariant($"missing execution {item.ExecId} ({ReconciliationText.Signed(item.BrokerQuantity)} {item.Symbol})"),
            ReconciliationKind.PriceDifferent => Invariant($"{item.Symbol} price: ours {ReconciliationText.Price(item.OurPrice)}, broker {ReconciliationText.Price(item.BrokerPrice)}"),
            ReconciliationKind.OrderMissingAtBroker => Invariant($"order {item.OrderId} {item.Symbol} missing at broker"),
            ReconciliationKind.ExternalOrder => Invariant($"external order {item.OrderId} {item.Symbol}"),
            ReconciliationKind.UntrackedOrder => Invariant($"untracked order {item.OrderId} {item.Symbol}"),
            _ => Invariant($"{item.Kind} {item.Symbol}"),
        };
    }
}
