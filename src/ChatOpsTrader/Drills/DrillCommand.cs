namespace ChatOpsTrader.Host.Drills;

/// <summary>
/// <c>ChatOpsTrader drill &lt;name&gt;|all|list</c>: runs the seeds' drills against the embedded simulator and prints
/// a report for each. Exit code 0 when every drill run passed, 1 when one failed, 2 for a usage error.
/// </summary>
public static class DrillCommand
{
    /// <summary>True when the command line asks for a drill.</summary>
    public static bool IsDrill(string[] args) => args.Length > 0 && args[0] == "drill";

    /// <summary>Runs the drill(s) named in <paramref name="args"/> (<c>drill kill-switch</c>).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var name = args.Length > 1 ? args[1] : null;
        if (name is null or "list" or "--help" or "-h")
        {
            await output.WriteLineAsync("Usage: dotnet run --project src/ChatOpsTrader -- drill <name>|all");
            await output.WriteLineAsync("Drills: " + string.Join(", ", DrillCatalogue.Names));
            return name is null ? 2 : 0;
        }
        var names = name == "all" ? DrillCatalogue.Names : [name];
        if (names.FirstOrDefault(n => DrillCatalogue.Create(n) is null) is { } unknown)
        {
            await output.WriteLineAsync($"Unknown drill '{unknown}'. Drills: {string.Join(", ", DrillCatalogue.Names)}");
            return 2;
        }
        var failed = 0;
        foreach (var drillName in names)
        {
            await output.WriteLineAsync($"Running drill {drillName} (a fresh bot on the embedded simulator)…");
            var report = await DrillRunner.RunAsync(DrillCatalogue.Create(drillName)!, cancellationToken);
            await output.WriteLineAsync(report.Render());
            if (!report.Passed)
                failed++;
        }
        if (names.Count > 1)
            await output.WriteLineAsync($"{names.Count - failed} of {names.Count} drills passed");
        return failed == 0 ? 0 : 1;
    }
}
