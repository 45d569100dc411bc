using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Reconciliation;

namespace ChatOpsTrader.Tests.Reconciliation;

/// <summary>
/// The engine's protocol end to end: compare, apply the actions in report order, compare again: clean.
/// Random books (seeded) where we missed some executions, recorded some that never filled, and someone else
/// opened positions on the account.
/// </summary>
public class ReconciliationRoundTripTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 17, 15, 0, 0, TimeSpan.Zero);
    private static readonly string[] Symbols = ["AAPL", "MSFT", "TSLA", "NVDA"];

    private static ReconciliationInput Snapshot(DateTimeOffset time, PositionBook ours, PositionBook broker, IReadOnlyList<Fill> brokerExecutions) =>
        new(
            time,
            ours.Snapshot(),
            broker.Snapshot().Select(p => new BrokerPosition(p.Symbol, p.Quantity, p.AverageCost)).ToList(),
            [],
            [],
            ours.ExecIds,
            brokerExecutions);

    /// <summary>What the engine does with a report (orders aside: these books have none).</summary>
    private static bool Apply(ReconciliationReport report, PositionBook book, DateTimeOffset now)
    {
        var halted = report.HasUnknownPosition;
        foreach (var item in report.Items)
        {
            switch (item.Action)
            {
                case ReconciliationAction.RecordMissingFill:
                    book.ApplyFill(item.Execution!);
                    break;
                case ReconciliationAction.AdoptBrokerQuantity:
                case ReconciliationAction.AdoptBrokerPrice:
                case ReconciliationAction.HaltAndEscalate:
                    Assert.Equal(item.OurQuantity, item.Kind == ReconciliationKind.UnknownPosition ? item.OurQuantity : book.QuantityOf(item.Symbol));
                    book.Adopt(item.Symbol, item.BrokerQuantity, item.BrokerPrice ?? 0m, now);
                    break;
                default:
                    throw new Xunit.Sdk.XunitException($"unexpected action {item.Action}");
            }
        }

        return halted;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Applying_a_report_in_order_leaves_nothing_to_reconcile(int seed)
    {
        var random = new Random(seed);
        var ours = new PositionBook();
        var broker = new PositionBook();
        var executions = new List<Fill>();
        var missedOurs = 0;
        var foreignUnknown = false;

        for (var step = 0; step < 150; step++)
        {
            var foreign = random.Next(25) == 0;
            var fill = new Fill(
                $"e{step}",
                step,
                foreign ? string.Empty : "COT-00000000000000aa",
                foreign ? "GME" : Symbols[random.Next(Symbols.Length)],
                random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell,
                random.Next(1, 11),
                100m + (random.Next(-500, 501) / 100m),
                random.Next(0, 3) / 2m,
                Start.AddMinutes(step),
                "alpha");

            var fate = foreign ? 1 : random.Next(12);
            if (fate != 1)
                ours.ApplyFill(fill);          // We recorded it (fate 0: it never filled at the broker).
            if (fate != 0)
            {
                broker.ApplyFill(fill);        // It filled (fate 1: we missed it).
                executions.Add(fill);
            }

            missedOurs += fate == 1 && !foreign ? 1 : 0;
            foreignUnknown |= foreign;
        }

        var now = Start.AddHours(4);
        var first = Reconciler.Compare(Snapshot(now, ours, broker, executions), ReconciliationOptions.Default);
        Assert.Equal(executions.Count(e => !ours.HasExecution(e.ExecId)), first.Items.Count(i => i.Kind == ReconciliationKind.MissingExecution));
        if (foreignUnknown && broker.QuantityOf("GME") != 0)
            Assert.Contains(first.Items, i => i.Kind == ReconciliationKind.UnknownPosition && i.Symbol == "GME");
        Assert.All(first.Items.Where(i => i.Kind == ReconciliationKind.UnknownPosition), i => Assert.Equal(0m, ours.QuantityOf(i.Symbol)));

        var halted = Apply(first, ours, now);
        Assert.Equal(first.HasUnknownPosition, halted);
        Assert.Equal(first.Items.Any(i => i.Kind == ReconciliationKind.MissingExecution), first.RequiresSecondPass);

        // The second pass against the same broker snapshot can only find prices of symbols whose fills were missing.
        var second = Reconciler.Compare(Snapshot(now, ours, broker, executions), ReconciliationOptions.Default);
        Assert.All(second.Items, i => Assert.Equal(ReconciliationKind.PriceDifferent, i.Kind));
        Assert.All(second.Items, i => Assert.Contains(first.Items, m => m.Kind == ReconciliationKind.MissingExecution && m.Symbol == i.Symbol));
        Assert.False(second.RequiresSecondPass);
        Apply(second, ours, now);

        var third = Reconciler.Compare(Snapshot(now, ours, broker, executions), ReconciliationOptions.Default);
        Assert.True(third.IsClean, third.Summary());
        Assert.Equal(broker.Snapshot().Select(p => (p.Symbol, p.Quantity)), ours.Snapshot().Select(p => (p.Symbol, p.Quantity)));
        Assert.True(missedOurs > 0, "the seed should exercise missed executions");
    }

    [Fact]
    public void A_fill_recorded_during_reconciliation_is_not_applied_twice_when_it_arrives_again()
    {
        var ours = new PositionBook();
        var broker = new PositionBook();
        var fill = new Fill("late.01", 1, "COT-00000000000000aa", "AAPL", OrderSide.Buy, 5, 100m, 1m, Start, "alpha");
        broker.ApplyFill(fill);

        var report = Reconciler.Compare(Snapshot(Start, ours, broker, [fill]), ReconciliationOptions.Default);
        Apply(report, ours, Start);

        // The execution event still queued in the engine's channel arrives afterwards.
        Assert.Empty(ours.ApplyFill(fill));
        Assert.Equal(5m, ours.QuantityOf("AAPL"));
        Assert.True(Reconciler.Compare(Snapshot(Start, ours, broker, [fill]), ReconciliationOptions.Default).IsClean);
    }
}
