using System.Threading.Channels;
using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Engine;

/// <summary>
/// The one engine loop. It is the single reader of a channel of inputs (broker events, commands, order intents,
/// scheduled ticks). For each batch of inputs the pure core decides, the decisions are committed to the journal
/// (durably), then carried out through the broker and notifier ports, then the callers get their replies.
/// </summary>
public sealed partial class TradingEngine : IOrderGate, IBrokerEventSink, IMarketView
{
    private readonly Channel<EngineInput> _inputs = Channel.CreateUnbounded<EngineInput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IJournal _journal;
    private readonly IBrokerPort _broker;
    private readonly INotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EngineOptions _options;

    // Owned by the loop (never touched from other threads).
    private readonly PositionBook _positions = new();
    private readonly PnlLedger _ledger;
    private readonly QuoteBook _quotes = new();
    private readonly OrderBook _orders = new();
    private PreflightChecker _checker;
    private RiskLimits _limits;
    private readonly Dictionary<string, decimal> _limitOverrides = new(StringComparer.Ordinal);
    private LossLimitMonitor _lossMonitor;
    private DrawdownBreaker _drawdown;
    private readonly Dictionary<string, IntentRecord> _intents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IntentRecord> _intentsByRef = new(StringComparer.Ordinal);
    private Core.Incidents.IncidentBook _incidentBook = new();
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);
    private readonly HashSet<string> _strategies = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flattenGate = new(1, 1);
    private readonly HashSet<string> _holdAlerted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastSignal = new(StringComparer.Ordinal);
    private readonly HashSet<string> _silenceAlerted = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset Time, bool Rejected)> _intentOutcomes = new();
    private DateTimeOffset _lastRejectRateAlert = DateTimeOffset.MinValue;
    private readonly HashSet<long> _cancelsSent = [];
    private readonly List<EquityPoint> _equity = [];
    private readonly LinkedList<RejectionNote> _rejections = new();
    private readonly PreflightView _view;
    private OrderActivity _activity;
    private TradingStatus _status;
    private TradingStatus _durableStatus;
    private readonly List<string> _batchIntentKeys = [];
    private readonly Dictionary<string, OrderIntent> _inFlight = new(StringComparer.Ordinal);
    private Core.Reconciliation.ReconciliationReport? _lastReconciliation;
    private DateOnly _tradingDay;
    private DateOnly _tradingWeek;
    private string _brokerDetail = "not connected yet";
    private bool _brokerConnected;
    private readonly DateTimeOffset _startedAt;
    private DateTimeOffset _lastEquityPoint;
    private decimal _realizedTotal;

    // The batch being decided: records to commit, actions to run after the commit, replies to send after the actions.
    private readonly List<JournalRecord> _records = [];
    private readonly List<Func<CancellationToken, Task>> _actions = [];
    private readonly List<Action> _completions = [];
    private readonly List<EngineInput> _batchInputs = [];
    private bool _dirty = true;
    private bool _storageFailed;

    private volatile EngineSnapshot _snapshot;

    /// <summary>Creates the engine; call <see cref="RunAsync"/> to recover and start deciding.</summary>
    public TradingEngine(IJournal journal, IBrokerPort broker, INotifier notifier, TimeProvider timeProvider, EngineOptions options, ILogger<TradingEngine> logger)
    {
        _journal = journal;
        _broker = broker;
        _notifier = notifier;
        _time = timeProvider;
        _options = options;
        _logger = logger;
        _ledger = new PnlLedger(options.Calendar);
        _limits = options.Limits;
        _checker = new PreflightChecker(options.Limits, options.ResumePolicy);
        _startedAt = timeProvider.GetUtcNow();
        _tradingDay = options.Calendar.TradingDayOf(_startedAt);
        _tradingWeek = options.Calendar.TradingWeekOf(_startedAt);
        _lossMonitor = new LossLimitMonitor(options.Limits, _tradingDay, _tradingWeek);
        _drawdown = new DrawdownBreaker(options.Limits.MaxDrawdown);
        _activity = new OrderActivity(options.Limits, _tradingDay);
        _view = new PreflightView(this);
        _status = TradingStatus.Initial(_startedAt);
        _durableStatus = _status;
        _snapshot = BuildSnapshot(running: false);
    }

    /// <summary>The latest durable picture of the engine.</summary>
    public EngineSnapshot Snapshot => _snapshot;

    /// <summary>The engine's options.</summary>
    public EngineOptions Options => _options;

    /// <summary>The broker port, for read-only queries (flatten preview, reconciliation).</summary>
    public IBrokerPort Broker => _broker;

    /// <summary>Completes when recovery is done and the loop decides inputs.</summary>
    public Task Ready => _ready.Task;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Recovers from the journal, connects the broker, reconciles, then decides inputs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RecoverAsync(cancellationToken);
            await StartBrokerAsync(cancellationToken);
            _snapshot = BuildSnapshot(running: true);
            _ready.TrySetResult();
            await LoopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(cancellationToken);
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }
        finally
        {
            // Fail every request still queued or in the batch being decided: nobody must wait forever on a stopped engine.
            var stopped = new OperationCanceledException("The engine stopped.");
            foreach (var input in _batchInputs)
                FailRequest(input, stopped);
            _inputs.Writer.TryComplete();
            while (_inputs.Reader.TryRead(out var input))
                FailRequest(input, new OperationCanceledException("The engine stopped."));
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var reader = _inputs.Reader;
        var batch = new List<EngineInput>(_options.MaxBatch);
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var input))
                batch.Add(input);
            await ProcessBatchAsync(batch, cancellationToken);
        }
    }

    private async Task ProcessBatchAsync(List<EngineInput> batch, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _batchInputs.Clear();
        _batchInputs.AddRange(batch);
        foreach (var input in batch)
        {
            try
            {
                Decide(input, now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDecisionFailed(_logger, input.GetType().Name, ex);
                FailRequest(input, ex);
            }
        }

        await FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Commits the pending records, runs the actions (committing whatever they add), publishes the new snapshot, and
    /// only then completes the replies: whoever is answered sees the new state.
    /// </summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_records.Count > 0)
            {
                try
                {
                    await _journal.CommitAsync([.. _records], cancellationToken);
                }
                catch (JournalException ex)
                {
                    // Nothing was written: do not act on these decisions. Fail closed: no new risk until the journal works.
                    LogJournalFailed(_logger, ex);
                    _records.Clear();
                    _actions.Clear();
                    _completions.Clear();
                    ForgetUnsavedDecisions();
                    // Closing-only and the alert first: whoever is told of the failure sees the state it caused.
                    EnterStorageFailure(ex);
                    foreach (var input in _batchInputs)
                        FailRequest(input, ex);
                    return;
                }
                _records.Clear();
                _durableStatus = _status;
                _batchIntentKeys.Clear();
            }

            if (_actions.Count == 0)
                break;
            var actions = _actions.ToArray();
            _actions.Clear();
            foreach (var action in actions)
            {
                try
                {
                    await action(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogActionFailed(_logger, ex);
                }
            }
        }

        if (_dirty)
        {
            _snapshot = BuildSnapshot(running: true);
            _dirty = false;
        }

        var completions = _completions.ToArray();
        _completions.Clear();
        foreach (var complete in completions)
            complete();
    }

    /// <summary>
    /// A commit failed: what this batch decided was not saved, so it must not stand. The trading state falls back to
    /// the last durable one, except that a halt decided in this batch stays in memory (fail closed: it only restricts);
    /// intents of this batch are forgotten, so a retry with the same key is decided again rather than told "sent".
    /// Fills already applied to positions are recorded again by the next reconciliation with the broker.
    /// </summary>
    private void ForgetUnsavedDecisions()
    {
        if (_status.State != TradingState.Halted)
            _status = _durableStatus;
        _inFlight.Clear();
        foreach (var key in _batchIntentKeys)
        {
            if (_intents.Remove(key, out var intent))
                _intentsByRef.Remove(intent.OrderRef);
        }
        _batchIntentKeys.Clear();
        _dirty = true;
    }

    private void Decide(EngineInput input, DateTimeOffset now)
    {
        switch (input)
        {
            case BrokerEventInput b: OnBrokerEventInput(b.Event, now); break;
            case SubmitIntentInput s: DecideIntent(s, now); break;
            case HaltInput h: DecideHalt(h, now); break;
            case ResumeInput r: DecideResume(r, now); break;
            case CancelInput c: DecideCancel(c, now); break;
            case PauseInput p: DecidePause(p, now); break;
            case FlattenStartInput f: DecideFlattenStart(f, now); break;
            case FlattenCloseInput f: DecideFlattenClose(f, now); break;
            case ReconcileInput r: DecideReconcile(r, now); break;
            case SetLimitInput l: DecideSetLimit(l, now); break;
            case AlertInput a: RaiseAlert(a.Alert); break;
            case ObserveAlertInput o: ObserveOnly(o.Alert); break;
            case IncidentActionInput i: DecideIncidentAction(i, now); break;
            case CleanShutdownInput c:
                _records.Add(new SettingRecord(SettingKeys.RunMarker, $"stopped:{now:O}"));
                _completions.Add(() => c.Completion.TrySetResult(CommandOutcome.Done("clean shutdown recorded")));
                break;
            case AuditInput a: _records.Add(new AuditRecordedRecord(a.Entry)); break;
            case DailyResetInput d: DecideDailyReset(d, now); break;
            case WeeklyResetInput w: DecideWeeklyReset(w, now); break;
            case TickInput: DecideTick(now); break;
            case BarrierInput b: _completions.Add(() => b.Completion.TrySetResult(CommandOutcome.Done("idle"))); break;
            default: throw new InvalidOperationException($"Unknown engine input {input.GetType().Name}.");
        }
    }

    private static void FailRequest(EngineInput input, Exception ex)
    {
        if (input is IFailableRequest request)
            request.Fail(ex);
    }

    private async Task<T> PostAsync<T>(EngineRequest<T> request, CancellationToken cancellationToken)
    {
        if (!_inputs.Writer.TryWrite(request))
            throw new InvalidOperationException("The engine is not running.");
        return await request.Completion.Task.WaitAsync(cancellationToken);
    }

    private void Post(EngineInput input) => _inputs.Writer.TryWrite(input);

    private void Audit(Actor actor, string command, string arguments, string outcome, string detail, DateTimeOffset now) =>
        _records.Add(new AuditRecordedRecord(new AuditEntry(now, actor.Transport, actor.UserId, actor.Role, command, arguments, outcome, detail)));

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Deciding {Input} failed")]
    private static partial void LogDecisionFailed(ILogger logger, string input, Exception ex);

    [LoggerMessage(EventId = 101, Level = LogLevel.Critical, Message = "Journal commit failed; the batch's decisions were not carried out and new risk is refused")]
    private static partial void LogJournalFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Carrying out a decision failed")]
    private static partial void LogActionFailed(ILogger logger, Exception ex);
}
