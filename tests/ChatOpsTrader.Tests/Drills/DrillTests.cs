using ChatOpsTrader.Host.Drills;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Drills;

/// <summary>
/// Every drill of <c>ChatOpsTrader drill &lt;name&gt;</c>, run as CI runs it: a fresh bot process on the embedded
/// simulator, the fault injected, the report's checks all passing. The report is written to the test output.
/// </summary>
[Collection(nameof(DrillCollection))]
public class DrillTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names => [.. DrillCatalogue.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Drill_passes(string name)
    {
        var drill = DrillCatalogue.Create(name)!;
        var report = await DrillRunner.RunAsync(drill);
        output.WriteLine(report.Render());
        Assert.True(report.Passed, report.Render());
        Assert.NotNull(report.DetectedAfter);
    }

    [Fact]
    public async Task The_command_lists_the_drills_and_refuses_an_unknown_one_without_running_anything()
    {
        using var list = new StringWriter();
        Assert.Equal(0, await DrillCommand.RunAsync(["drill", "list"], list));
        foreach (var name in DrillCatalogue.Names)
            Assert.Contains(name, list.ToString(), StringComparison.Ordinal);

        using var unknown = new StringWriter();
        Assert.Equal(2, await DrillCommand.RunAsync(["drill", "earthquake"], unknown));
        Assert.Contains("Unknown drill 'earthquake'", unknown.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Drills start bot processes: one at a time, never beside the other host tests' heavy work.</summary>
[CollectionDefinition(nameof(DrillCollection), DisableParallelization = true)]
public sealed class DrillCollection;
