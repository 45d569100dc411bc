using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Storage;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// Durable fills per second through <see cref="SqliteJournal.CommitAsync"/> on a real file (WAL, synchronous=FULL:
/// every commit is fsynced). Each operation is one fill, so the Op/s column reads as fills per second.
/// Run: dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- --filter '*JournalBenchmarks*' --job short.
/// </summary>
[Config(typeof(FillsPerSecondConfig))]
public class JournalBenchmarks
{
    private const int BatchSize = 100;

    private readonly JournalRecord[] _single = new JournalRecord[1];
    private readonly JournalRecord[] _batch = new JournalRecord[BatchSize];
    private string _directory = string.Empty;
    private SqliteJournal? _journal;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        // Next to the repository's data, not in /tmp: tmpfs would make fsync free and the figure meaningless.
        _directory = Path.Combine(AppContext.BaseDirectory, "journal-bench-" + Guid.NewGuid().ToString("N"));
        _journal = SqliteJournal.Open(Path.Combine(_directory, "bench.db"), TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _journal?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>(a) One fill per commit: one fsync per fill.</summary>
    [Benchmark(Description = "1 fill per commit")]
    public ValueTask OneFillPerCommit()
    {
        _single[0] = NextFill();
        return _journal!.CommitAsync(_single, CancellationToken.None);
    }

    /// <summary>(b) 100 fills per commit, as the engine group-commits what it has read from its channel.</summary>
    [Benchmark(Description = "100 fills per commit", OperationsPerInvoke = BatchSize)]
    public ValueTask HundredFillsPerCommit()
    {
        for (var i = 0; i < BatchSize; i++)
            _batch[i] = NextFill();
        return _journal!.CommitAsync(_batch, CancellationToken.None);
    }

    private FillRecordedRecord NextFill()
    {
        var n = ++_next;
        return new FillRecordedRecord(new Fill(
            "0000e0d5.6556f2e1.01." + n.ToString(CultureInfo.InvariantCulture),
            1000 + (n % 50),
            "COT-0123456789abcdef",
            "AAPL",
            (n & 1) == 0 ? OrderSide.Buy : OrderSide.Sell,
            100m,
            187.12m + (n % 100 * 0.01m),
            1.05m,
            DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000 + n),
            "momentum"));
    }

    private sealed class FillsPerSecondConfig : ManualConfig
    {
        public FillsPerSecondConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
