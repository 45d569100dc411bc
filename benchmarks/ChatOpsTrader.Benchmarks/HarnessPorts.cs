using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Benchmarks;

/// <summary>A notifier that drops alerts, so harnesses time the engine and the journal only.</summary>
internal sealed class NullNotifier : INotifier
{
    public void Notify(Core.Alerts.Alert alert)
    {
    }
}

/// <summary>A broker that accepts everything at once and reports an empty account; harnesses override what they time.</summary>
internal class QuietBroker : IBrokerPort
{
    public string Name => "quiet";

    public bool IsConnected => true;

    public Task StartAsync(IBrokerEventSink sink, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask<long> PlaceOrderAsync(BrokerOrderRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(1L);

    public ValueTask CancelOrderAsync(long brokerOrderId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public virtual ValueTask CancelAllAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<BrokerAccountSnapshot> GetAccountSnapshotAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new BrokerAccountSnapshot(DateTimeOffset.UtcNow, [], [], []));

    public ValueTask SubscribeQuotesAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
