using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>One real host process (embedded simulator, known web token and API key) shared by the web proofs.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public HostProcess Host { get; } = new();

    public async Task InitializeAsync() => await Host.StartHealthyAsync(TimeSpan.FromSeconds(60));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
