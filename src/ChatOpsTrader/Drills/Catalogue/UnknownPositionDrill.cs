using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Host.Drills.Catalogue;

/// <summary>
/// Seeds, unexpected position: "a position nobody ordered appears at the broker: halt, escalate, do not touch it until
/// a person decides".
/// </summary>
public sealed class UnknownPositionDrill : Drill
{
    /// <inheritdoc />
    public override string Name => "unknown-position";

    /// <inheritdoc />
    public override string Injects => "a position of 37 SPY nobody ordered appears at the broker (no order, no execution)";

    /// <inheritdoc />
    public override string Expected => "the next reconciliation finds it, halts trading, raises a SEV1 unknown-position alert and incident, and leaves the position alone";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Demo__Enabled"] = "false",
        ["Paper__RejectProbability"] = "0",
    };

    /// <inheritdoc />
    public override async Task RunAsync(DrillSession session)
    {
        await session.WaitForStateAsync(TimeSpan.FromSeconds(10), "Active");
        await session.InjectAsync("inject-position", new { symbol = "SPY", quantity = 37, price = 500 }, "37 SPY injected at the simulator");
        session.Note("/reconcile (the scheduled one runs every 5 minutes; the drill does not wait for it)");
        await session.Bot.CommandAsync("/reconcile", session.CancellationToken);
        if (await session.WaitForStateAsync(TimeSpan.FromSeconds(5), "Halted") is not null)
            session.Detected("halted by reconciliation");
        await session.WaitForAlertAsync(AlertKeys.UnknownPositionPrefix, TimeSpan.FromSeconds(5), "SEV1");
        await session.WaitForIncidentAsync("UnknownPosition", TimeSpan.FromSeconds(5));
        var positions = await session.Bot.GetAsync("/api/positions", session.CancellationToken);
        var text = positions.ToString();
        session.Check(text.Contains("SPY", StringComparison.Ordinal) && text.Contains("37", StringComparison.Ordinal),
            "the position is shown (broker beside ours) and left alone for a person to decide", text.Length > 200 ? text[..200] + "…" : text);
    }
}
