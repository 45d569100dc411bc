using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;

namespace ChatOpsTrader.Core.Reconciliation;

/// <summary>One difference between our journal and the broker, and what to do about it.</summary>
/// <param name="Kind">What differs.</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="OurQuantity">
/// Position items: our signed quantity once the report's missing executions are applied (for
/// <see cref="ReconciliationKind.UnknownPosition"/> only our own <c>COT-</c> executions count).
/// Missing executions: 0. Order items: our order's quantity (0 when we do not have it).
/// </param>
/// <param name="BrokerQuantity">
/// Position items: the broker's signed quantity. Missing executions: the execution's signed quantity.
/// Order items: the broker order's quantity (0 when the broker does not have it).
/// </param>
/// <param name="OurPrice">Our average cost (or the missing executions' average price when we hold nothing), or our order's price.</param>
/// <param name="BrokerPrice">The broker's average cost, the execution price, or the broker order's price.</param>
/// <param name="OrderId">The broker order id, for order items and missing executions.</param>
/// <param name="ExecId">The execution id, for missing executions.</param>
/// <param name="Action">What the engine does.</param>
/// <param name="Explanation">One line a person can act on.</param>
public sealed record ReconciliationItem(
    ReconciliationKind Kind,
    string Symbol,
    decimal OurQuantity,
    decimal BrokerQuantity,
    decimal? OurPrice,
    decimal? BrokerPrice,
    long? OrderId,
    string? ExecId,
    ReconciliationAction Action,
    string Explanation)
{
    /// <summary>The broker's execution, for <see cref="ReconciliationKind.MissingExecution"/>.</summary>
    public Fill? Execution { get; init; }

    /// <summary>The broker's order, for <see cref="ReconciliationKind.ExternalOrder"/> and <see cref="ReconciliationKind.UntrackedOrder"/>.</summary>
    public BrokerOrder? Order { get; init; }

    /// <summary>Absolute quantity difference of a position item; 0 for other kinds.</summary>
    public decimal QuantityDifference => Kind.IsPosition() ? Math.Abs(OurQuantity - BrokerQuantity) : 0m;

    /// <summary>The best price known for valuing a position break: the broker's average cost, else ours.</summary>
    public decimal BestPrice => BrokerPrice is > 0 ? BrokerPrice.Value : OurPrice ?? 0m;
}
