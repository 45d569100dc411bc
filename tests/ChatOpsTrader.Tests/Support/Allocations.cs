namespace ChatOpsTrader.Tests.Support;

/// <summary>
/// Measures bytes allocated on this thread by <paramref name="body"/>, as the fewest over several rounds. The JIT
/// (tiering, on-stack replacement) can allocate on the thread once while a loop runs; an allocation in the code under
/// test shows up in every round, so the minimum is zero only when the code itself allocates nothing.
/// </summary>
public static class Allocations
{
    public static long Fewest(Action body, int rounds = 5)
    {
        ArgumentNullException.ThrowIfNull(body);
        var fewest = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            body();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
