using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Host.Drills.Catalogue;

/// <summary>Seeds, data feed failure: "halt new entry orders until data is confirmed; resume when quotes return".</summary>
public sealed class DataStallDrill : Drill
{
    /// <inheritdoc />
    public override string Name => "data-stall";

    /// <inheritdoc />
    public override string Injects => "the simulator stops publishing quotes (prices keep moving, orders keep filling) for every symbol";

    /// <inheritdoc />
    public override string Expected => "within the stale window (2 s here) the account becomes closing-only with a SEV2 alert and a data-feed incident; entries are refused; when quotes return the previous state comes back by itself";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings => DrillDefaults.With(("Risk__DataFeedStaleSeconds", "2"));

    /// <inheritdoc />
    public override async Task RunAsync(DrillSession session)
    {
        await session.WaitForAsync("the demo strategy holds a position", TimeSpan.FromSeconds(20), async _ =>
            (await session.StatusAsync()).GetProperty("positions").GetInt32() > 0 ? "yes" : null);

        await session.InjectAsync("stall-quotes", null, "quotes stalled at the simulator");
        if (await session.WaitForStateAsync(TimeSpan.FromSeconds(10), "Reducing") is not null)
            session.Detected("closing-only (Reducing): data feed stale");
        await session.WaitForAlertAsync(AlertKeys.DataFeed + ":", TimeSpan.FromSeconds(5), "SEV2");
        await session.WaitForIncidentAsync("DataFeedFailure", TimeSpan.FromSeconds(5));
        var (status, body) = await session.SubmitOrderAsync("drill-during-stall", await session.IncreasingOrderAsync());
        session.Check(status == 422, "a new entry during the stall is refused (422)", $"{status} {body}");

        var fixedAt = session.Elapsed;
        await session.InjectAsync("resume-quotes", null, "quotes resumed at the simulator");
        if (await session.WaitForStateAsync(TimeSpan.FromSeconds(10), "Active") is not null)
            session.Recovered("data feed confirmed: Active again", fixedAt);
    }
}
