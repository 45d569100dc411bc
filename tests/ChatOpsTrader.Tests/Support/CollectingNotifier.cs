using System.Collections.Concurrent;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Tests.Support;

public sealed class CollectingNotifier : INotifier
{
    public ConcurrentQueue<Alert> Alerts { get; } = new();

    public void Notify(Alert alert) => Alerts.Enqueue(alert);
}
