using System.Text.Json;

namespace ChatOpsTrader.Host.Drills;

/// <summary>Runs one drill from start to report: a fresh bot, the script, the report, the cleanup.</summary>
public static class DrillRunner
{
    /// <summary>Runs <paramref name="drill"/> and returns its report. Never throws for a failing bot: that is a FAIL.</summary>
    public static async Task<DrillReport> RunAsync(Drill drill, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drill);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(drill.TimeLimit);
        await drill.PrepareAsync();
        await using var cleanup = drill;
        await using var bot = new DrillHost(drill.Settings);
        var session = new DrillSession(bot, limit.Token);
        string? error = null;
        try
        {
            var startedIn = await bot.StartAsync(TimeSpan.FromSeconds(30), limit.Token);
            session.Note($"bot started on the embedded simulator in {DrillSession.Ms(startedIn)}");
            await drill.RunAsync(session);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            error = $"the drill did not finish within its limit of {drill.TimeLimit.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is DrillStepException or HttpRequestException or InvalidOperationException or TimeoutException or JsonException or IOException)
        {
            error = e.Message;
        }

        IReadOnlyList<DrillAlert> alerts = [];
        var state = "unknown (the bot does not answer)";
        if (bot.IsRunning)
        {
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                alerts = [.. (await bot.GetAsync("/api/alerts", last.Token)).EnumerateArray().Select(DrillAlert.From)];
                var status = await bot.GetAsync("/api/status", last.Token);
                state = $"{status.GetProperty("state").GetString()}: {status.GetProperty("reason").GetString()}";
            }
            catch (Exception e) when (e is DrillStepException or HttpRequestException or OperationCanceledException or JsonException)
            {
                state = "unknown: " + e.Message;
            }
        }
        return new DrillReport(drill.Name, drill.Injects, drill.Expected, session.Events, session.Checks, alerts, state,
            session.DetectedAfter, session.RecoveredAfter, error, bot.Tail());
    }
}
