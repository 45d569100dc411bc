using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Reconciliation;

namespace ChatOpsTrader.Tests.Reconciliation;

/// <summary>
/// Found by the broker chaos test: a fill that reaches us while the broker's snapshot is in flight made our side newer
/// than the broker's, and the difference read as an unknown position (a false "possible unauthorized access" halt).
/// </summary>
public class ReconcilerFillsInFlightTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 16, 0, 0, TimeSpan.Zero);

    private static Fill Execution(string execId, string symbol, OrderSide side, decimal quantity, decimal price = 121m) =>
        new(execId, 11, "COT-00000000000000aa", symbol, side, quantity, price, 1m, Now.AddSeconds(-1));

    private static Position Ours(string symbol, decimal quantity) => new(symbol, quantity, 121m, null, 0m, Now.AddMinutes(-1));

    [Fact]
    public void A_fill_applied_after_the_request_and_absent_from_the_broker_s_executions_is_not_a_difference()
    {
        // We sold 1 (a, known to the broker) then bought 1 (b) while the snapshot was in flight: we are flat, the
        // broker's answer still shows -1 and does not list b.
        var sell = Execution("a", "NVDA", OrderSide.Sell, 1);
        var buy = Execution("b", "NVDA", OrderSide.Buy, 1);
        var input = new ReconciliationInput(Now, [], [new BrokerPosition("NVDA", -1, 121m)], [], [], ["a", "b"], [sell]);

        Assert.Equal(ReconciliationKind.UnknownPosition, Assert.Single(Reconciler.Compare(input, ReconciliationOptions.Default).Items).Kind);
        Assert.True(Reconciler.Compare(input with { OurFillsSinceRequest = [buy] }, ReconciliationOptions.Default).IsClean);
    }

    [Fact]
    public void A_fill_since_the_request_that_the_broker_already_lists_still_counts()
    {
        // The broker answered after b: its positions include it, so our side keeps it too.
        var buy = Execution("b", "AAPL", OrderSide.Buy, 3);
        var input = new ReconciliationInput(Now, [Ours("AAPL", 3)], [new BrokerPosition("AAPL", 3, 121m)], [], [], ["b"], [buy]) { OurFillsSinceRequest = [buy] };
        Assert.True(Reconciler.Compare(input, ReconciliationOptions.Default).IsClean);

        // And a real difference is still found.
        var wrong = input with { BrokerPositions = [new BrokerPosition("AAPL", 5, 121m)] };
        var item = Assert.Single(Reconciler.Compare(wrong, ReconciliationOptions.Default).Items);
        Assert.Equal(ReconciliationKind.SystemLess, item.Kind);
    }

    [Fact]
    public void An_opening_fill_newer_than_the_broker_s_answer_is_no_difference_either()
    {
        var buy = Execution("c", "TSLA", OrderSide.Buy, 2);
        var input = new ReconciliationInput(Now, [Ours("TSLA", 2)], [], [], [], ["c"], []) { OurFillsSinceRequest = [buy] };
        Assert.True(Reconciler.Compare(input, ReconciliationOptions.Default).IsClean);
        Assert.Equal(ReconciliationKind.SystemMore, Assert.Single(Reconciler.Compare(input with { OurFillsSinceRequest = [] }, ReconciliationOptions.Default).Items).Kind);
    }
}
