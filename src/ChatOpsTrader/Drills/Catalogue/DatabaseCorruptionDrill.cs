using System.Net;
using System.Security.Cryptography;
using ChatOpsTrader.Storage;

namespace ChatOpsTrader.Host.Drills.Catalogue;

/// <summary>
/// Seeds, database corruption: "never trade on a journal you cannot trust; keep the damaged file for forensics;
/// restore the latest verified backup".
/// </summary>
public sealed class DatabaseCorruptionDrill : Drill
{
    /// <inheritdoc />
    public override string Name => "db-corruption";

    /// <inheritdoc />
    public override string Injects => "the journal file is damaged (pages overwritten) while the bot is stopped";

    /// <inheritdoc />
    public override string Expected => "at start the bot refuses to trade and says why on /healthz and the API, the damaged file is left byte for byte as it was, and the latest verified backup restores a healthy bot";

    /// <inheritdoc />
    public override TimeSpan TimeLimit => TimeSpan.FromSeconds(90);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Demo__Enabled"] = "false" };

    /// <inheritdoc />
    public override async Task RunAsync(DrillSession session)
    {
        var backups = Path.Combine(Path.GetDirectoryName(session.Bot.DatabasePath)!, "backups");
        var backup = await session.WaitForAsync("a verified backup exists (taken at start when none is recent)", TimeSpan.FromSeconds(15), _ =>
            Task.FromResult(SqliteBackup.List(backups).FirstOrDefault()));
        if (backup is null)
            return;
        await session.Bot.StopAsync(TimeSpan.FromSeconds(20));
        session.Note("bot stopped cleanly");

        Damage(session.Bot.DatabasePath);
        var hash = SHA256.HashData(await File.ReadAllBytesAsync(session.Bot.DatabasePath, session.CancellationToken));
        session.Inject("journal pages overwritten with random bytes");

        await session.Bot.StartAsync(TimeSpan.FromSeconds(30), session.CancellationToken);
        var refusing = await session.WaitForAsync("/healthz is Unhealthy (503) and names the journal", TimeSpan.FromSeconds(10), async token =>
        {
            using var response = await session.Bot.Http.GetAsync(new Uri("/healthz", UriKind.Relative), token);
            var body = await response.Content.ReadAsStringAsync(token);
            return response.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("journal", StringComparison.Ordinal) ? body : null;
        });
        if (refusing is not null)
            session.Detected("refusing to trade: " + (refusing.Length > 160 ? refusing[..160] + "…" : refusing));
        using (var status = await session.Bot.Http.GetAsync(new Uri("/api/status", UriKind.Relative), session.CancellationToken))
        {
            var body = await status.Content.ReadAsStringAsync(session.CancellationToken);
            session.Check(status.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("refusing to trade", StringComparison.Ordinal),
                "the API answers 503 \"refusing to trade\"", $"{(int)status.StatusCode} {body}");
        }
        session.Check(session.Bot.Output.Contains("REFUSING TO TRADE", StringComparison.Ordinal), "the log says REFUSING TO TRADE and why");
        var after = SHA256.HashData(await File.ReadAllBytesAsync(session.Bot.DatabasePath, session.CancellationToken));
        session.Check(after.AsSpan().SequenceEqual(hash), "the damaged file is untouched (same SHA-256)");

        var fixStarted = session.Elapsed;
        await session.Bot.StopAsync(TimeSpan.FromSeconds(20));
        var damaged = session.Bot.DatabasePath + ".damaged";
        File.Move(session.Bot.DatabasePath, damaged, overwrite: true);
        foreach (var sidecar in new[] { "-wal", "-shm" })
            File.Delete(session.Bot.DatabasePath + sidecar);
        File.Copy(backup, session.Bot.DatabasePath);
        session.Note($"damaged file kept as {Path.GetFileName(damaged)}; restored {Path.GetFileName(backup)}");
        await session.Bot.StartAsync(TimeSpan.FromSeconds(30), session.CancellationToken);
        if (await session.WaitForAsync("healthy again on the restored backup", TimeSpan.FromSeconds(15), async token =>
            {
                var health = await session.Bot.GetAsync("/healthz", token);
                return health.GetProperty("status").GetString() is "Healthy" or "Degraded" ? "yes" : null;
            }) is not null)
        {
            session.Recovered("healthy on the restored backup", fixStarted);
        }
    }

    /// <summary>Overwrites every page after the first half of the file with random bytes (the header stays, so it still opens as SQLite).</summary>
    private static void Damage(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var random = new Random(20261121);
        var start = Math.Max(4096, bytes.Length / 2);
        if (start >= bytes.Length)
            throw new DrillStepException($"the journal is too small to damage ({bytes.Length} bytes)");
        random.NextBytes(bytes.AsSpan(start));
        File.WriteAllBytes(path, bytes);
    }
}
