using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Host.Drills.Catalogue;

/// <summary>Seeds, runaway orders: "a loop fires orders: halt, cancel everything, stay halted until a person resumes".</summary>
public sealed class RunawayOrdersDrill : Drill
{
    /// <inheritdoc />
    public override string Name => "runaway-orders";

    /// <inheritdoc />
    public override string Injects => "a strategy in a loop submits 30 far-from-market limit orders as fast as it can";

    /// <inheritdoc />
    public override string Expected => "after 10 orders in 10 s the bot halts on its own, cancels every working order, raises a SEV1 runaway alert and incident, and refuses the rest";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Demo__Enabled"] = "false",
        ["Paper__RejectProbability"] = "0",
        ["Risk__RunawayMaxOrders"] = "10",
        ["Risk__RunawayWindowSeconds"] = "10",
        ["Risk__MinOrderIntervalSeconds"] = "0",
        ["Risk__DuplicateWindowSeconds"] = "0",
        ["Risk__MaxWorkingOrders"] = "100",
        ["Risk__MaxPositionPerSymbol"] = "100",
        ["Risk__PriceCollarPercent"] = "95",
    };

    /// <inheritdoc />
    public override async Task RunAsync(DrillSession session)
    {
        await session.WaitForStateAsync(TimeSpan.FromSeconds(10), "Active");
        session.Inject("order loop started");
        var accepted = 0;
        var refused = 0;
        for (var i = 0; i < 30; i++)
        {
            var (status, _) = await session.SubmitOrderAsync($"drill-loop-{i}", new { symbol = "AAPL", side = "buy", quantity = 1, type = "limit", limitPrice = 50 + (i * 0.01) });
            if (status == 200)
                accepted++;
            else
                refused++;
        }
        session.Note($"loop done: {accepted} sent, {refused} refused");
        if (await session.WaitForStateAsync(TimeSpan.FromSeconds(5), "Halted") is not null)
            session.Detected("halted: runaway orders");
        session.Check(accepted <= 11 && refused >= 19, "the orders after the runaway limit are refused", $"{accepted} sent, {refused} refused");
        await session.WaitForAsync("every working order is cancelled", TimeSpan.FromSeconds(10), async _ =>
            await session.WorkingOrdersAsync() == 0 ? "none working" : null);
        await session.WaitForAlertAsync(AlertKeys.Runaway, TimeSpan.FromSeconds(5), "SEV1");
        await session.WaitForIncidentAsync("RunawayOrders", TimeSpan.FromSeconds(5));
    }
}
