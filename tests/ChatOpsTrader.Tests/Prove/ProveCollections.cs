namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// The CPU-heavy proofs (10,000 fuzzed commands, 10,000 ids) run on their own, never beside the latency tests whose
/// timings they would disturb on a two-core machine.
/// </summary>
[CollectionDefinition("prove-cpu", DisableParallelization = true)]
public class ProveCpuCollection;
