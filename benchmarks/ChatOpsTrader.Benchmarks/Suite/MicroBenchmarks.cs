using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>
/// Runs the BenchmarkDotNet classes in process (short job) and turns their statistics into suite results.
/// </summary>
public static class MicroBenchmarks
{
    private const string Run = "dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- --filter ";
    private const string InProcessShort = " --job short --inProcess";

    /// <summary>Pre-flight latency and allocation, journal throughput, TWS decode throughput and allocation.</summary>
    public static IReadOnlyList<PerfResult> RunAll()
    {
        var results = new List<PerfResult>();
        results.AddRange(Preflight());
        results.AddRange(Journal());
        results.AddRange(TwsDecode());
        return results;
    }

    private static IEnumerable<PerfResult> Preflight()
    {
        var batched = BenchmarkRunner.Run<PreflightBenchmarks>(Config());
        var single = BenchmarkRunner.Run<PreflightLatencyBenchmarks>(Config());
        var accepted = Report(batched, nameof(PreflightBenchmarks.EntryAccepted));
        var singleCall = Report(single, nameof(PreflightLatencyBenchmarks.EntryAcceptedSingleCall));
        var allocated = new[]
        {
            accepted,
            Report(batched, nameof(PreflightBenchmarks.EntryRejectedAtLastRule)),
            Report(batched, nameof(PreflightBenchmarks.ReductionAccepted)),
        }.Max(r => Allocated(r));
        var p99Micros = singleCall.ResultStatistics!.Percentiles.Percentile(99) / 1000;
        yield return new PerfResult(
            "Pre-flight check: every rule, 1,000 open positions and quotes",
            "p99 ≤ 10 µs, 0 B allocated",
            Text($"one check per measurement p99 {p99Micros:0.00} µs (n={singleCall.ResultStatistics.N:N0}); batched mean {accepted.ResultStatistics!.Mean:0} ns; {allocated} B allocated"),
            p99Micros <= 10 && allocated == 0,
            Run + "'*Preflight*'" + InProcessShort);
    }

    private static IEnumerable<PerfResult> Journal()
    {
        var summary = BenchmarkRunner.Run<JournalBenchmarks>(Config());
        var one = PerSecond(Report(summary, nameof(JournalBenchmarks.OneFillPerCommit)));
        var hundred = PerSecond(Report(summary, nameof(JournalBenchmarks.HundredFillsPerCommit)));
        yield return new PerfResult(
            "Journal raw: durable fills per second on a real file (WAL, synchronous=FULL)",
            "≥ 5,000 fills/s as the engine commits (grouped)",
            Text($"100 fills per commit: {hundred:N0}/s; 1 fill per commit (one fsync each): {one:N0}/s"),
            hundred >= 5_000,
            Run + "'*JournalBenchmarks*'" + InProcessShort);
    }

    private static IEnumerable<PerfResult> TwsDecode()
    {
        var summary = BenchmarkRunner.Run<TwsDecodeBenchmarks>(Config());
        var ticks = Report(summary, nameof(TwsDecodeBenchmarks.Ticks));
        var orders = Report(summary, nameof(TwsDecodeBenchmarks.OrderMessages));
        var mixed = Report(summary, nameof(TwsDecodeBenchmarks.Mixed));
        var mixedRate = PerSecond(mixed);
        var tickBytes = Allocated(ticks);
        yield return new PerfResult(
            "TWS decode: recorded stream (90% ticks, 10% order messages), one core",
            "≥ 1,000,000 messages/s; 0 B per tick",
            Text($"mix {mixedRate:N0}/s; ticks {PerSecond(ticks):N0}/s at {tickBytes} B each; order messages {PerSecond(orders):N0}/s"),
            mixedRate >= 1_000_000 && tickBytes == 0,
            Run + "'*TwsDecode*'" + InProcessShort);
    }

    private static IConfig Config() =>
        DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableLogFile);

    private static BenchmarkReport Report(Summary summary, string method)
    {
        var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)
            ?? throw new InvalidOperationException($"benchmark {method} produced no report");
        if (report.ResultStatistics is null)
            throw new InvalidOperationException($"benchmark {method} failed (no statistics)");
        return report;
    }

    /// <summary>Operations per second from the mean time per operation (BenchmarkDotNet statistics are in ns per operation).</summary>
    private static double PerSecond(BenchmarkReport report) => 1e9 / report.ResultStatistics!.Mean;

    private static long Allocated(BenchmarkReport report) =>
        report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
