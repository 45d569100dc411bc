using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Host.Drills.Catalogue;

/// <summary>
/// Seeds, bot crash: "the process dies in the middle of something; on restart: say it crashed, stay halted, reconcile
/// against the broker before anything else, then finish the job".
/// </summary>
public sealed class CrashDrill : Drill
{
    /// <inheritdoc />
    public override string Name => "crash";

    /// <inheritdoc />
    public override string Injects => "SIGKILL right after a confirmed /flatten all, while the bot holds positions";

    /// <inheritdoc />
    public override string Expected => "after a restart: a SEV1 crash alert saying the previous run ended uncleanly, still Halted (the halt was durable before the first close went out), our positions equal the broker's, and a second /flatten ends flat";

    /// <inheritdoc />
    public override TimeSpan TimeLimit => TimeSpan.FromSeconds(90);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings => DrillDefaults.Trading;

    /// <inheritdoc />
    public override async Task RunAsync(DrillSession session)
    {
        await session.WaitForAsync("the demo strategy holds at least two positions", TimeSpan.FromSeconds(30), async _ =>
            (await session.StatusAsync()).GetProperty("positions").GetInt32() >= 2 ? "yes" : null);

        var preview = await session.Bot.CommandAsync("/flatten all", session.CancellationToken);
        var id = preview.TryGetProperty("confirmationId", out var c) ? c.GetString() : null;
        if (!session.Check(id is not null, "/flatten all shows a preview with a confirmation", preview.GetProperty("text").GetString()))
            return;
        await session.Bot.CommandAsync($"/confirm {id}", session.CancellationToken);
        session.Bot.Kill();
        session.Inject("SIGKILL right after /confirm of /flatten all");

        var restartedIn = await session.Bot.StartAsync(TimeSpan.FromSeconds(30), session.CancellationToken);
        session.Note($"bot restarted in {DrillSession.Ms(restartedIn)}");
        if (await session.WaitForAlertAsync(AlertKeys.Crash, TimeSpan.FromSeconds(10), "SEV1") is not null)
            session.Detected("crash alert: the previous run ended uncleanly");
        await session.WaitForIncidentAsync("BotCrash", TimeSpan.FromSeconds(5));
        await session.WaitForStateAsync(TimeSpan.FromSeconds(5), "Halted");

        session.Note("/reconcile");
        await session.Bot.CommandAsync("/reconcile", session.CancellationToken);
        await session.WaitForAsync("our positions equal the broker's", TimeSpan.FromSeconds(10), async token =>
        {
            var positions = await session.Bot.GetAsync("/api/positions", token);
            return positions.EnumerateArray().All(p => !p.GetProperty("mismatch").GetBoolean() && p.GetProperty("source").GetString() == "broker")
                ? "no mismatch" : null;
        });

        var again = await session.CommandConfirmedAsync("/flatten all");
        session.Note("flatten after the restart: " + again.GetProperty("text").GetString());
        if (await session.WaitForAsync("flat at the broker", TimeSpan.FromSeconds(30), async token =>
            {
                var positions = await session.Bot.GetAsync("/api/positions", token);
                return positions.EnumerateArray().All(p => p.GetProperty("quantity").GetDecimal() == 0) ? "flat" : null;
            }) is not null)
        {
            session.Recovered("flat and halted after the restart");
        }
        var state = await session.StateAsync();
        session.Check(state == "Halted", "it ends halted: a person decides when to trade again", state);
    }
}
