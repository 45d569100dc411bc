namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>One figure of the performance suite, with its target side by side.</summary>
/// <param name="Area">What is measured ("Halt latency").</param>
/// <param name="Target">The target in words ("p99 ≤ 5 ms").</param>
/// <param name="Measured">The figure in words ("p50 0.25 ms, p99 1.8 ms, n=2000").</param>
/// <param name="Met">Whether the figure meets the target.</param>
/// <param name="Command">The command that measures it alone.</param>
public sealed record PerfResult(string Area, string Target, string Measured, bool Met, string Command)
{
    /// <summary>Prints the result as one line, as the single-harness commands do.</summary>
    public void Print() => Console.WriteLine($"{(Met ? "MET " : "MISS")} {Area}: {Measured} (target {Target})");
}
