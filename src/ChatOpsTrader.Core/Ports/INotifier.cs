using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Core.Ports;

/// <summary>Delivers alerts. Must never block the engine: implementations queue and deliver in the background.</summary>
public interface INotifier
{
    /// <summary>Queues the alert for delivery.</summary>
    void Notify(Alert alert);

    /// <summary>Someone acknowledged an incident or alert key: stop escalating it. Default: nothing to stop.</summary>
    void Acknowledge(string incidentIdOrKey)
    {
    }
}
