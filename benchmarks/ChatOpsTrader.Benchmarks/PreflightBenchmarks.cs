using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using Perfolizer.Horology;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// One pre-flight check against every rule, with 1,000 open positions and 1,000 quotes in a Dictionary-backed view
/// and a busy activity (100 orders today, a full duplicate window). Mean, P95, P99, P100 and allocations per check.
/// Run: dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- --filter '*Preflight*' --job short.
/// </summary>
/// <remarks>
/// <see cref="PreflightBenchmarks"/> runs many checks per iteration (percentiles of iteration means);
/// <see cref="PreflightLatencyBenchmarks"/> times each check on its own (percentiles of single calls, timer overhead
/// included), which is what the p99 ≤ 10 µs target is about.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class PreflightBenchmarks
{
    private PreflightFixture _fixture = null!;

    [GlobalSetup]
    public void Setup() => _fixture = new PreflightFixture();

    [Benchmark(Baseline = true, Description = "entry accepted (all rules)")]
    public PreflightResult EntryAccepted() => _fixture.CheckEntry();

    [Benchmark(Description = "entry rejected at the last rule")]
    public PreflightResult EntryRejectedAtLastRule() => _fixture.CheckRejectedAtLastRule();

    [Benchmark(Description = "reduction accepted")]
    public PreflightResult ReductionAccepted() => _fixture.CheckReduction();
}

/// <summary>Single-call latency of the accepted entry: one check per measured invocation.</summary>
[MemoryDiagnoser]
[Config(typeof(SingleCallConfig))]
public class PreflightLatencyBenchmarks
{
    private PreflightFixture _fixture = null!;

    [GlobalSetup]
    public void Setup() => _fixture = new PreflightFixture();

    [Benchmark(Description = "entry accepted, single call")]
    public PreflightResult EntryAcceptedSingleCall() => _fixture.CheckEntry();
}

/// <summary>The view, limits and activity shared by the benchmarks.</summary>
internal sealed class PreflightFixture
{
    private const int Symbols = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 11, 17, 15, 0, 0, TimeSpan.Zero);

    private readonly PreflightChecker _checker;
    private readonly PreflightChecker _tightChecker;
    private readonly DictionaryPreflightView _view = new();
    private readonly OrderActivity _activity;
    private readonly OrderActivity _tightActivity;
    private readonly OrderCheck _entry;
    private readonly OrderCheck _reduction;

    public PreflightFixture()
    {
        var blocked = Enumerable.Range(0, 50).Select(i => "BLK" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var limits = RiskLimits.Default with { BlockedSymbols = blocked, MaxOrdersPerDay = 1_000 };
        _checker = new PreflightChecker(limits, ResumePolicy.Default);
        var tight = limits with { MaxWorkingOrders = 5 };
        _tightChecker = new PreflightChecker(tight, ResumePolicy.Default);

        for (var i = 0; i < Symbols; i++)
        {
            var symbol = "S" + i.ToString("0000", CultureInfo.InvariantCulture);
            var mid = 10m + (i % 500);
            _view.Quotes[symbol] = new Quote(symbol, mid - 0.01m, mid + 0.01m, mid, Now.AddMilliseconds(-200 - i));
            _view.Positions[symbol] = i % 2 == 0 ? 1 + (i % 5) : -(1 + (i % 5));
            if (i % 3 == 0)
                _view.Pending[symbol] = _view.Positions[symbol] > 0 ? 1 : -1;
        }

        for (var i = 0; i < 5; i++)
            _view.PausedStrategies.Add("paused" + i.ToString(CultureInfo.InvariantCulture));
        _view.WorkingOrderCount = 12;

        _activity = Busy(limits);
        _tightActivity = Busy(tight);

        // A separate string instance, as when the symbol arrives from a request.
        var symbolOfOrder = new string("S0498".AsSpan());
        _entry = new OrderCheck(symbolOfOrder, "momo", OrderSide.Buy, 2, OrderType.Limit, 508.00m, null);
        _reduction = new OrderCheck(symbolOfOrder, "momo", OrderSide.Sell, 1, OrderType.Limit, 507.99m, null);

        if (!CheckEntry().IsAccepted || !CheckReduction().IsAccepted || CheckRejectedAtLastRule().Rule != PreflightRule.MaxWorkingOrders)
            throw new InvalidOperationException($"benchmark set-up: {CheckEntry()} / {CheckReduction()} / {CheckRejectedAtLastRule()}");
    }

    public PreflightResult CheckEntry() => _checker.Check(in _entry, _view, _activity, Now);

    public PreflightResult CheckReduction() => _checker.Check(in _reduction, _view, _activity, Now);

    public PreflightResult CheckRejectedAtLastRule() => _tightChecker.Check(in _entry, _view, _tightActivity, Now);

    private static OrderActivity Busy(RiskLimits limits)
    {
        var activity = new OrderActivity(limits, DateOnly.FromDateTime(Now.UtcDateTime));
        for (var i = 0; i < 100; i++)
        {
            var symbol = "S" + (i * 7 % Symbols).ToString("0000", CultureInfo.InvariantCulture);
            var at = Now.AddMilliseconds(-9_900 + (i * 95));
            var order = new OrderCheck(symbol, "momo", OrderSide.Buy, 1 + (i % 3), OrderType.Limit, 10m + (i % 500), null);
            activity.RecordAttempt(order, at);
            activity.RecordOrderSent(order, at);
        }

        return activity;
    }
}

/// <summary>A realistic view: Dictionaries keyed by symbol, as the engine keeps them.</summary>
internal sealed class DictionaryPreflightView : IPreflightView
{
    public Dictionary<string, decimal> Positions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, decimal> Pending { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Quote> Quotes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> PausedStrategies { get; } = new(StringComparer.Ordinal);

    public TradingState State { get; set; } = TradingState.Active;

    public bool BrokerConnected { get; set; } = true;

    public int WorkingOrderCount { get; set; }

    public decimal PositionQuantity(string symbol) => Positions.TryGetValue(symbol, out var quantity) ? quantity : 0m;

    public decimal PendingQuantity(string symbol) => Pending.TryGetValue(symbol, out var quantity) ? quantity : 0m;

    public bool TryGetQuote(string symbol, out Quote quote) => Quotes.TryGetValue(symbol, out quote);

    public bool IsStrategyPaused(string strategy) => PausedStrategies.Contains(strategy);
}

/// <summary>
/// Adds P95, P99 and P100 to the default columns. Runs in process: the generated out-of-process project inherits the
/// repository's warnings-as-errors and fails to restore (NU1605 package downgrade via Quartz). A mutator job, so it
/// applies to the job given on the command line (<c>--job short</c>).
/// </summary>
internal sealed class PercentileConfig : ManualConfig
{
    public PercentileConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());
        AddColumn(StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.P100);
    }
}

/// <summary>
/// One check per measured invocation, 5,000 iterations: percentiles of single calls (timer overhead included).
/// A mutator job, so it overrides the iteration settings of the job given on the command line.
/// </summary>
internal sealed class SingleCallConfig : ManualConfig
{
    public SingleCallConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(500)
            .WithIterationCount(5_000)
            .AsMutator());
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.P100);
    }
}

/// <summary>A percentile BenchmarkDotNet does not ship as a column (e.g. P99).</summary>
internal sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => "Percentile" + percentile.ToString(CultureInfo.InvariantCulture);

    public string ColumnName => "P" + percentile.ToString(CultureInfo.InvariantCulture);

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => percentile;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => $"Percentile {percentile.ToString(CultureInfo.InvariantCulture)}";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null)
            return "NA";
        var nanoseconds = statistics.Percentiles.Percentile(percentile);
        var unit = style.TimeUnit ?? TimeUnit.GetBestTimeUnit(nanoseconds);
        var value = TimeUnit.Convert(nanoseconds, TimeUnit.Nanosecond, unit).ToString("N2", style.CultureInfo);
        return style.PrintUnitsInContent ? value + " " + unit.Abbreviation : value;
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
