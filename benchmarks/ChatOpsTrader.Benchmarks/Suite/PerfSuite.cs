using System.Globalization;
using System.Text;

namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>
/// Runs every benchmark and harness and writes <c>benchmarks/results.md</c>: each figure beside its target.
/// Run: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- suite</c> (about 10 minutes).
/// </summary>
public static class PerfSuite
{
    /// <summary>Runs everything; returns 0 when every target is met, 1 otherwise.</summary>
    public static async Task<int> RunAsync(string? repositoryRoot)
    {
        var root = repositoryRoot ?? FindRepositoryRoot();
        var results = new List<PerfResult>();
        async Task Step(string name, Func<Task<IEnumerable<PerfResult>>> run)
        {
            Console.WriteLine($"== {name}");
            try
            {
                var step = (await run()).ToList();
                step.ForEach(r => r.Print());
                results.AddRange(step);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or HttpRequestException)
            {
                var failed = new PerfResult(name, "runs", "failed: " + e.Message, false, "(see the console output)");
                failed.Print();
                results.Add(failed);
            }
        }

        await Step("micro-benchmarks", () => Task.FromResult<IEnumerable<PerfResult>>(MicroBenchmarks.RunAll()));
        await Step("halt latency", async () => [await HaltLatencyHarness.RunAsync()]);
        await Step("fills through the engine", async () => [await FillThroughputHarness.RunAsync()]);
        await Step("flatten pacing over TWS", async () => [await FlattenPacingHarness.RunAsync()]);
        await Step("reconnect and resync", async () => [await ReconnectHarness.RunAsync()]);
        await Step("alert storm", async () => [await AlertStormHarness.RunAsync()]);
        await Step("start-up and working set", async () => await StartupHarness.RunAsync(null));
        await Step("web command latency", async () => [await WebCommandLatencyHarness.RunAsync()]);
        await Step("chat command latency", async () => await ChatLatencyTests.RunAsync(root));

        var path = Path.Combine(root, "benchmarks", "results.md");
        await File.WriteAllTextAsync(path, Render(results));
        Console.WriteLine($"wrote {path}: {results.Count(r => r.Met)} of {results.Count} targets met");
        return results.All(r => r.Met) ? 0 : 1;
    }

    private static string Render(IReadOnlyList<PerfResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("# Performance results");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Written by `dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- suite` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
            $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. Each row can be run alone with its command.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"**{results.Count(r => r.Met)} of {results.Count} targets met.**");
        text.AppendLine();
        text.AppendLine("| What | Target | Measured | Met | Command |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var r in results)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(r.Area)} | {Cell(r.Target)} | {Cell(r.Measured)} | {(r.Met ? "yes" : "**no**")} | `{r.Command.Replace("|", "\\|", StringComparison.Ordinal)}` |");
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatOpsTrader.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("run the suite from inside the repository (ChatOpsTrader.sln not found above the current folder)");
    }
}
