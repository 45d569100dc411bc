using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Reconciliation;

namespace ChatOpsTrader.Engine;

/// <summary>Something for the engine loop to decide. Everything that changes trading state is one of these.</summary>
internal abstract record EngineInput;

/// <summary>A request whose caller waits: it must always be completed or failed, whatever happens.</summary>
internal interface IFailableRequest
{
    void Fail(Exception exception);
}

/// <summary>A reply the engine completes after the batch is durable and its actions carried out.</summary>
internal abstract record EngineRequest<T> : EngineInput, IFailableRequest
{
    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Fail(Exception exception) => Completion.TrySetException(exception);
}

internal sealed record SubmitIntentInput(OrderIntent Intent) : EngineRequest<OrderGateResult>;

internal sealed record BrokerEventInput(BrokerEvent Event) : EngineInput;

internal sealed record HaltInput(Actor Actor, string Reason, Core.Trading.StateTrigger Trigger, string Command) : EngineRequest<CommandOutcome>;

internal sealed record ResumeInput(Actor Actor, string Reason, bool Override) : EngineRequest<CommandOutcome>;

internal sealed record CancelInput(Actor Actor, long? BrokerOrderId) : EngineRequest<CommandOutcome>;

internal sealed record PauseInput(Actor Actor, string Strategy, bool Pause) : EngineRequest<CommandOutcome>;

internal sealed record FlattenStartInput(Actor Actor, string? Symbol) : EngineRequest<CommandOutcome>;

internal sealed record FlattenCloseInput(string Symbol, OrderSide Side, decimal Quantity, string Key) : EngineRequest<CommandOutcome>;

/// <param name="FillsAtRequest">How many fills the loop had applied when the broker's snapshot was requested (-1: unknown).</param>
internal sealed record ReconcileInput(Actor Actor, BrokerAccountSnapshot Broker, bool Apply, bool Record = true, long FillsAtRequest = -1) : EngineRequest<ReconciliationReport>;

internal sealed record SetLimitInput(Actor Actor, string Name, decimal Value) : EngineRequest<CommandOutcome>;

internal sealed record IncidentActionInput(Actor Actor, IncidentAction Action, string Id, string? Step = null, string? Choice = null, string? Note = null) : EngineRequest<IncidentOutcome>;

internal sealed record AlertInput(Core.Alerts.Alert Alert) : EngineInput;

/// <summary>An alert delivered by someone else (the alert policy's channel notices): it only opens or joins its incident.</summary>
internal sealed record ObserveAlertInput(Core.Alerts.Alert Alert) : EngineInput;

internal sealed record CleanShutdownInput : EngineRequest<CommandOutcome>;

internal sealed record AuditInput(Core.Ports.AuditEntry Entry) : EngineInput;

internal sealed record DailyResetInput(Actor Actor) : EngineRequest<CommandOutcome>;

internal sealed record WeeklyResetInput(Actor Actor) : EngineRequest<CommandOutcome>;

internal sealed record TickInput : EngineInput
{
    public static TickInput Instance { get; } = new();
}

/// <summary>What a state-changing request came to.</summary>
/// <param name="Ok">True when it was carried out.</param>
/// <param name="Message">What a person reads.</param>
/// <param name="Rule">The rule that refused it, when refused.</param>
public sealed record CommandOutcome(bool Ok, string Message, string? Rule = null)
{
    /// <summary>A success.</summary>
    public static CommandOutcome Done(string message) => new(true, message);

    /// <summary>A refusal naming the rule.</summary>
    public static CommandOutcome Refused(string rule, string message) => new(false, message, rule);
}

/// <summary>Completes once every input queued before it has been decided, committed and carried out.</summary>
internal sealed record BarrierInput : EngineRequest<CommandOutcome>;

/// <summary>What a person does to an incident.</summary>
public enum IncidentAction
{
    /// <summary>Acknowledge: someone is on it (stops the escalation).</summary>
    Acknowledge,

    /// <summary>Resolve with a note.</summary>
    Resolve,

    /// <summary>Record the answer to a runbook step.</summary>
    Choose,

    /// <summary>Add a note to the timeline.</summary>
    Note,
}

/// <summary>What an incident action came to: the changed incident, or a refusal naming the rule.</summary>
public sealed record IncidentOutcome(bool Ok, string Message, Core.Incidents.Incident? Incident, string? Rule = null);
