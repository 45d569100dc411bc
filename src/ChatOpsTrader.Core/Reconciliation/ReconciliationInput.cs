using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Core.Reconciliation;

/// <summary>Our journal's view and the broker's truth at one moment.</summary>
/// <param name="Time">When the broker's snapshot was taken.</param>
/// <param name="OurPositions">Our open positions (<see cref="PositionBook.Snapshot"/>).</param>
/// <param name="BrokerPositions">The broker's positions (zero quantities are treated as flat).</param>
/// <param name="OurOrders">The orders in our book, ours and external ones we recorded.</param>
/// <param name="BrokerOrders">The broker's open orders, from every client of the account.</param>
/// <param name="OurExecIds">Execution ids we applied (<see cref="PositionBook.ExecIds"/>).</param>
/// <param name="BrokerExecutions">The broker's executions of the session.</param>
public sealed record ReconciliationInput(
    DateTimeOffset Time,
    IReadOnlyList<Position> OurPositions,
    IReadOnlyList<BrokerPosition> BrokerPositions,
    IReadOnlyList<WorkingOrder> OurOrders,
    IReadOnlyList<BrokerOrder> BrokerOrders,
    IReadOnlyCollection<string> OurExecIds,
    IReadOnlyList<Fill> BrokerExecutions)
{
    /// <summary>
    /// Fills we applied after the broker's snapshot was requested (they arrive while it is in flight). One that is not
    /// among <see cref="BrokerExecutions"/> happened after the broker answered, so the broker's positions cannot show it
    /// yet: it is left out of our side of the position comparison instead of being reported as a difference.
    /// </summary>
    public IReadOnlyList<Fill> OurFillsSinceRequest { get; init; } = [];
}
