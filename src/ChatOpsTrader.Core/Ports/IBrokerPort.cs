using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Core.Ports;

/// <summary>
/// The broker as the engine sees it: the embedded paper broker, or TWS through our protocol client.
/// Calls hand work to the broker and return; results arrive later as <see cref="BrokerEvent"/>s through the sink.
/// </summary>
public interface IBrokerPort
{
    /// <summary>A short name for logs and <c>/status</c> ("paper", "tws 127.0.0.1:7497").</summary>
    string Name { get; }

    /// <summary>True while orders can be sent.</summary>
    bool IsConnected { get; }

    /// <summary>Connects and starts delivering events to <paramref name="sink"/>.</summary>
    Task StartAsync(IBrokerEventSink sink, CancellationToken cancellationToken);

    /// <summary>Stops delivering events and disconnects. Server-side orders keep working.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends an order (with its bracket children, if any). Returns the broker order id of the parent once the
    /// order is on its way; acceptance, rejection and fills arrive as events.
    /// </summary>
    ValueTask<long> PlaceOrderAsync(BrokerOrderRequest request, CancellationToken cancellationToken);

    /// <summary>Requests the cancellation of one order.</summary>
    ValueTask CancelOrderAsync(long brokerOrderId, CancellationToken cancellationToken);

    /// <summary>One message that cancels every working order of the account, however placed (TWS reqGlobalCancel).</summary>
    ValueTask CancelAllAsync(CancellationToken cancellationToken);

    /// <summary>The broker's truth now: positions, working orders and recent executions.</summary>
    ValueTask<BrokerAccountSnapshot> GetAccountSnapshotAsync(CancellationToken cancellationToken);

    /// <summary>Starts streaming quotes for the symbols (idempotent).</summary>
    ValueTask SubscribeQuotesAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken);
}

/// <summary>Receives broker events. Implementations must not block (the engine posts them to its channel).</summary>
public interface IBrokerEventSink
{
    /// <summary>Called by the broker adapter for every event, from any thread.</summary>
    void OnBrokerEvent(BrokerEvent brokerEvent);
}
