using System.Globalization;

namespace ChatOpsTrader.Tests.Chaos;

/// <summary>Chaos tests start bot processes and hammer loopback sockets: one at a time, never beside other heavy tests.</summary>
[CollectionDefinition(nameof(ChaosCollection), DisableParallelization = true)]
public sealed class ChaosCollection;

/// <summary>The knobs of the chaos tests, from the environment (defaults are what CI runs).</summary>
internal static class ChaosSettings
{
    /// <summary>Default seed: the same random session on every run unless <c>CHAOS_SEED</c> says otherwise.</summary>
    public const int DefaultSeed = 20261121;

    /// <summary><c>CHAOS_CRASH_RUNS</c>: SIGKILL/restart cycles of the crash-safety test (default 50).</summary>
    public static int CrashRuns => Int("CHAOS_CRASH_RUNS", 50, 1, 10_000);

    /// <summary><c>CHAOS_BROKER_EVENTS</c>: random broker faults of the broker-chaos test (default 100).</summary>
    public static int BrokerEvents => Int("CHAOS_BROKER_EVENTS", 100, 1, 100_000);

    /// <summary><c>CHAOS_SEED</c>: the seed of every random choice (default <see cref="DefaultSeed"/>).</summary>
    public static int Seed => Int("CHAOS_SEED", DefaultSeed, int.MinValue, int.MaxValue);

    private static int Int(string name, int fallback, int min, int max)
    {
        var raw = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(raw))
            return fallback;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new ArgumentException($"{name}='{raw}' is not a whole number from {min} to {max}.");
        return value;
    }
}

/// <summary>Bounded waiting: every wait of a chaos test has a deadline and says what it waited for.</summary>
internal static class ChaosWait
{
    /// <summary>Polls <paramref name="condition"/> every 10 ms until it is true; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what()}");
            await Task.Delay(10);
        }
    }

    /// <summary>Polls an asynchronous condition every 25 ms; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what()}");
            await Task.Delay(25);
        }
    }
}
