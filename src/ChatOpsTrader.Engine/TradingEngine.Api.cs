using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Reconciliation;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    /// <inheritdoc />
    public ValueTask<OrderGateResult> SubmitAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        return new ValueTask<OrderGateResult>(PostAsync(new SubmitIntentInput(intent), cancellationToken));
    }

    /// <summary>Kill switch: persist Halted, then cancel every working order at the broker.</summary>
    public Task<CommandOutcome> HaltAsync(Actor actor, string reason, CancellationToken cancellationToken, StateTrigger trigger = StateTrigger.Manual) =>
        PostAsync(new HaltInput(actor, reason, trigger, "/halt"), cancellationToken);

    /// <summary>Lifts a halt within the resume policy (staged), or advances one stage.</summary>
    public Task<CommandOutcome> ResumeAsync(Actor actor, string reason, bool overridePolicy, CancellationToken cancellationToken) =>
        PostAsync(new ResumeInput(actor, reason, overridePolicy), cancellationToken);

    /// <summary>Cancels one working order, or all of them (<paramref name="brokerOrderId"/> null).</summary>
    public Task<CommandOutcome> CancelAsync(Actor actor, long? brokerOrderId, CancellationToken cancellationToken) =>
        PostAsync(new CancelInput(actor, brokerOrderId), cancellationToken);

    /// <summary>Pauses or unpauses a strategy.</summary>
    public Task<CommandOutcome> PauseAsync(Actor actor, string strategy, bool pause, CancellationToken cancellationToken) =>
        PostAsync(new PauseInput(actor, strategy, pause), cancellationToken);

    /// <summary>Compares our journal with the broker now; with <paramref name="apply"/>, corrects our view (broker is truth).</summary>
    /// <remarks>
    /// The broker's snapshot must be at least as new as our book, or a fill in flight looks like a difference. So:
    /// drain queued events, take the snapshot, compare; if differences show, drain again, take a fresh snapshot and
    /// only then correct what still differs.
    /// </remarks>
    public async Task<ReconciliationReport> ReconcileAsync(Actor actor, bool apply, CancellationToken cancellationToken)
    {
        // Fills keep arriving while the snapshot is in flight: the count taken here lets the loop tell which of them
        // the broker's answer may not show yet.
        await WhenIdleAsync(cancellationToken);
        var fills = Interlocked.Read(ref _fillsApplied);
        var broker = await _broker.GetAccountSnapshotAsync(cancellationToken);
        if (!apply)
            return await PostAsync(new ReconcileInput(actor, broker, Apply: false, FillsAtRequest: fills), cancellationToken);
        var dry = await PostAsync(new ReconcileInput(actor, broker, Apply: false, Record: false, FillsAtRequest: fills), cancellationToken);
        if (dry.IsClean)
            return await PostAsync(new ReconcileInput(actor, broker, Apply: true, FillsAtRequest: fills), cancellationToken);
        await WhenIdleAsync(cancellationToken);
        fills = Interlocked.Read(ref _fillsApplied);
        var fresh = await _broker.GetAccountSnapshotAsync(cancellationToken);
        return await PostAsync(new ReconcileInput(actor, fresh, Apply: true, FillsAtRequest: fills), cancellationToken);
    }

    /// <summary>The daily reset: daily counters and loss limits. Never lifts a halt.</summary>
    public Task<CommandOutcome> DailyResetAsync(Actor actor, CancellationToken cancellationToken) =>
        PostAsync(new DailyResetInput(actor), cancellationToken);

    /// <summary>The weekly reset of the weekly loss limit.</summary>
    public Task<CommandOutcome> WeeklyResetAsync(Actor actor, CancellationToken cancellationToken) =>
        PostAsync(new WeeklyResetInput(actor), cancellationToken);

    /// <summary>The limits in force now (configuration plus changes made with <c>/limits set</c>).</summary>
    public RiskLimits Limits => Volatile.Read(ref _publishedLimits);

    private RiskLimits _publishedLimits = RiskLimits.Default;

    /// <summary>Changes one limit (the router asks for a confirmation before loosening).</summary>
    public Task<CommandOutcome> SetLimitAsync(Actor actor, string name, decimal value, CancellationToken cancellationToken) =>
        PostAsync(new SetLimitInput(actor, name, value), cancellationToken);

    /// <summary>Acknowledges, resolves, answers a runbook step of, or annotates an incident.</summary>
    public Task<IncidentOutcome> IncidentActionAsync(Actor actor, IncidentAction action, string id, CancellationToken cancellationToken, string? step = null, string? choice = null, string? note = null) =>
        PostAsync(new IncidentActionInput(actor, action, id, step, choice, note), cancellationToken);

    /// <summary>The runbook catalogue the incidents follow.</summary>
    public Core.Incidents.RunbookCatalogue Runbooks => Core.Incidents.RunbookCatalogue.Default;

    /// <summary>An alert from outside the loop (jobs, host services): journaled with the next batch, then delivered.</summary>
    public void Raise(Core.Alerts.Alert alert) => Post(new AlertInput(alert));

    /// <summary>Records that this run is ending cleanly (the next start then knows it was not a crash).</summary>
    public Task MarkCleanShutdownAsync(CancellationToken cancellationToken) => PostAsync(new CleanShutdownInput(), cancellationToken);

    /// <summary>
    /// What the journal said about the previous run when this one started: null for a clean stop or a new journal,
    /// otherwise the marker of a run that never recorded its shutdown (a crash, a kill), with the last unhandled
    /// exception when one was journaled on the way down.
    /// </summary>
    public string? PreviousRunUnclean { get; private set; }

    /// <summary>Completes once every input queued so far has been decided, committed and carried out.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => PostAsync(new BarrierInput(), cancellationToken);

    /// <summary>Journals an audit entry for a command that changed nothing (reads, denials).</summary>
    public void Audit(AuditEntry entry) => Post(new AuditInput(entry));

    /// <summary>Periodic housekeeping: staged resume, equity curve, day change. Called by a timer.</summary>
    public void Tick() => Post(TickInput.Instance);

    /// <inheritdoc />
    public void OnBrokerEvent(BrokerEvent brokerEvent) => Post(new BrokerEventInput(brokerEvent));

    /// <inheritdoc />
    public bool TryGetQuote(string symbol, out Quote quote) => _snapshot.Quotes.TryGetValue(symbol, out quote);

    /// <inheritdoc />
    public decimal PositionQuantity(string symbol)
    {
        foreach (var p in _snapshot.Positions)
        {
            if (p.Symbol == symbol)
                return p.Quantity;
        }
        return 0;
    }

    /// <inheritdoc />
    public int WorkingOrderCount(string symbol)
    {
        var n = 0;
        foreach (var o in _snapshot.Orders)
        {
            if (o.Order.Symbol == symbol)
                n++;
        }
        return n;
    }

    /// <summary>What the pre-flight checker reads: the loop's own live state (not the snapshot).</summary>
    private sealed class PreflightView(TradingEngine engine) : Core.Risk.IPreflightView
    {
        public TradingState State => engine._storageFailed && engine._status.State != TradingState.Halted ? TradingState.Reducing : engine._status.State;

        public bool BrokerConnected => engine._brokerConnected;

        // Accepted orders not yet handed to the broker count too, so one batch cannot overshoot a limit.
        public int WorkingOrderCount => engine._orders.OursCount + engine._inFlight.Count;

        public decimal PositionQuantity(string symbol) => engine._positions.QuantityOf(symbol);

        public decimal PendingQuantity(string symbol)
        {
            var pending = engine._orders.PendingQuantity(symbol);
            foreach (var intent in engine._inFlight.Values)
            {
                if (intent.Symbol == symbol)
                    pending += intent.Side.Sign() * intent.Quantity;
            }
            return pending;
        }

        public bool TryGetQuote(string symbol, out Quote quote) => engine._quotes.TryGet(symbol, out quote);

        public bool IsStrategyPaused(string strategy) => engine._paused.Contains(strategy);
    }
}
