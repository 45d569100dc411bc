using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>
/// Command → reply through the Telegram and Discord transports. Their fake servers live in the test project, so the
/// suite runs the latency tests there and reads the figures they print.
/// </summary>
public static partial class ChatLatencyTests
{
    private const string Command = "dotnet test tests/ChatOpsTrader.Tests -c Release --filter \"FullyQualifiedName~Latency\" --logger \"console;verbosity=detailed\"";

    /// <summary>Runs the tests from the repository root and returns one result per transport.</summary>
    public static async Task<IReadOnlyList<PerfResult>> RunAsync(string repositoryRoot)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "test", "tests/ChatOpsTrader.Tests", "-c", "Release", "--filter", "FullyQualifiedName~Latency", "--logger", "console;verbosity=detailed" })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stderr;
        return [Telegram(output), Discord(output)];
    }

    private static PerfResult Telegram(string output)
    {
        var match = TelegramLine().Match(output);
        return match.Success
            ? Result("Telegram (fake Bot API on loopback: update ⇒ sendMessage)", match.Groups["n"].Value, match.Groups["p50"].Value, match.Groups["p99"].Value)
            : Missing("Telegram");
    }

    private static PerfResult Discord(string output)
    {
        var match = DiscordLine().Match(output);
        return match.Success
            ? Result("Discord (fake gateway + REST on loopback: INTERACTION_CREATE ⇒ callback)", match.Groups["n"].Value, match.Groups["p50"].Value, match.Groups["p99"].Value)
            : Missing("Discord");
    }

    private static PerfResult Result(string transport, string n, string p50, string p99)
    {
        var value = double.Parse(p99, CultureInfo.InvariantCulture);
        return new PerfResult($"Command → reply, {transport}, /status with 1,000 positions", "p99 ≤ 20 ms",
            $"n={n}: p50 {p50} ms, p99 {p99} ms", value <= 20, Command);
    }

    private static PerfResult Missing(string transport) =>
        new($"Command → reply, {transport}", "p99 ≤ 20 ms", "no figure: the latency test did not print one (see its output)", false, Command);

    [GeneratedRegex(@"update -> reply[^:]*: n=(?<n>\d+) p50=(?<p50>[\d.]+) ms .*?p99=(?<p99>[\d.]+) ms")]
    private static partial Regex TelegramLine();

    [GeneratedRegex(@"/status, 1000 positions, (?<n>\d+) samples: end-to-end p50 (?<p50>[\d.]+) ms, p99 (?<p99>[\d.]+) ms")]
    private static partial Regex DiscordLine();
}
