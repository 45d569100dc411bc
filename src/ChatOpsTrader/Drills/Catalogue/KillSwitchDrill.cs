using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Host.Drills.Catalogue;

/// <summary>
/// Seeds, kill switch runbook: "/halt from the phone; every working order cancelled; nothing new goes out; the halt
/// survives a second /halt; resume is deliberate and staged".
/// </summary>
public sealed class KillSwitchDrill : Drill
{
    /// <inheritdoc />
    public override string Name => "kill-switch";

    /// <inheritdoc />
    public override string Injects => "/halt from the web console while the demo strategy is trading";

    /// <inheritdoc />
    public override string Expected => "Halted at once, every working order cancelled, a SEV1 alert and a kill-switch incident, new entries refused, a second /halt keeps the first reason, /resume override goes to Restricted";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings => DrillDefaults.Trading;

    /// <inheritdoc />
    public override async Task RunAsync(DrillSession session)
    {
        await session.WaitForAsync("the demo strategy has working orders", TimeSpan.FromSeconds(20), async _ =>
            await session.WorkingOrdersAsync() > 0 ? "yes" : null);

        session.Inject("/halt drill: kill switch");
        await session.Bot.CommandAsync("/halt drill: kill switch", session.CancellationToken);
        if (await session.WaitForStateAsync(TimeSpan.FromSeconds(2), "Halted") is not null)
            session.Detected("state Halted");
        await session.WaitForAsync("every working order is cancelled", TimeSpan.FromSeconds(10), async _ =>
            await session.WorkingOrdersAsync() == 0 ? "none working" : null);
        await session.WaitForAlertAsync(AlertKeys.KillSwitch, TimeSpan.FromSeconds(5), "SEV1");
        await session.WaitForIncidentAsync("KillSwitch", TimeSpan.FromSeconds(5));

        var (status, body) = await session.SubmitOrderAsync("drill-after-halt", await session.IncreasingOrderAsync());
        session.Check(status == 422, "a new entry while halted is refused (422)", $"{status} {body}");

        await session.Bot.CommandAsync("/halt a second halt", session.CancellationToken);
        var reason = (await session.StatusAsync()).GetProperty("reason").GetString() ?? string.Empty;
        session.Check(reason.Contains("kill switch", StringComparison.Ordinal), "a repeated /halt keeps the original halt and its reason", reason);

        var resumeFrom = session.Elapsed;
        session.Note("/resume override drill complete");
        var resumed = await session.CommandConfirmedAsync("/resume override drill complete");
        session.Note("resume: " + resumed.GetProperty("text").GetString());
        if (await session.WaitForStateAsync(TimeSpan.FromSeconds(2), "Restricted") is not null)
            session.Recovered("trading resumed, staged: Restricted", resumeFrom);
    }
}
