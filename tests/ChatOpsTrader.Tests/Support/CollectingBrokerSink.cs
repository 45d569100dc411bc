using System.Collections.Concurrent;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Tests.Support;

/// <summary>Collects broker events; tests wait (bounded, real time) for the one they expect.</summary>
public sealed class CollectingBrokerSink : IBrokerEventSink
{
    private readonly ConcurrentQueue<BrokerEvent> _events = new();

    public IReadOnlyList<BrokerEvent> Events => [.. _events];

    public void OnBrokerEvent(BrokerEvent brokerEvent) => _events.Enqueue(brokerEvent);

    public IReadOnlyList<T> Of<T>()
        where T : BrokerEvent => [.. _events.OfType<T>()];

    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
        where T : BrokerEvent
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = _events.OfType<T>().FirstOrDefault(e => match?.Invoke(e) ?? true);
            if (found is not null)
                return found;
            if (cts.IsCancellationRequested)
                throw new TimeoutException($"No {typeof(T).Name} matched; events: {string.Join(" | ", _events)}");
            await Task.Delay(5, CancellationToken.None);
        }
    }
}
