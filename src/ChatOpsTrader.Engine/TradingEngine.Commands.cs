using System.Globalization;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    private void DecideHalt(HaltInput input, DateTimeOffset now)
    {
        var reason = string.IsNullOrWhiteSpace(input.Reason) ? "no reason given" : input.Reason.Trim();
        if (_status.State == TradingState.Halted && _durableStatus.State == TradingState.Halted)
        {
            // A double tap or a retry does nothing twice: the original halt (time, reason, who) stays as it was,
            // which also keeps the resume policy's clock where it started. The cancel-all goes out again: harmless.
            _activity.RecordCancelSent(now);
            _actions.Add(CancelAllOrAlertAsync);
            Audit(input.Actor, input.Command, reason, "ok", $"already halted since {_status.Since:O} by {_status.Actor}; cancel-all sent again", now);
            var already = $"Already HALTED since {_status.Since.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC by {_status.Actor}: {_status.Reason}. A cancel-all was sent again.";
            _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done(already)));
            return;
        }
        HaltNow(input.Actor, reason, input.Trigger, now, input.Command);
        var message = $"HALTED by {input.Actor}: {reason}. Every working order is being cancelled at the broker; new orders are refused until an admin resumes (/resume <reason>).";
        _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done(message)));
    }

    /// <summary>
    /// Persists Halted (with the audit row in the same transaction), then hands one cancel-all to the broker.
    /// The cancel is an action: it runs only after the commit is durable.
    /// </summary>
    private void HaltNow(Actor actor, string reason, StateTrigger trigger, DateTimeOffset now, string command)
    {
        var decision = TradingStateMachine.Halt(_status, trigger, actor.ToString(), reason, now);
        Transition(decision, actor, command, now);
        _activity.RecordCancelSent(now);
        _actions.Add(CancelAllOrAlertAsync);
        RaiseAlert(now, Severity.Sev1, "kill-switch", $"Trading HALTED ({trigger})", $"By {actor}: {reason}",
            "Do not resume the same day. Wait at least 30 minutes, review positions at the broker (/positions), document the incident.");
    }

    /// <summary>
    /// The halt's cancel-all. If the broker cannot take it (disconnected), people are told at once, and it is sent
    /// again as soon as the broker is back (see <see cref="OnConnectionChanged"/>).
    /// </summary>
    private async Task CancelAllOrAlertAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _broker.CancelAllAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RaiseAlert(_time.GetUtcNow(), Severity.Sev1, "cancel-all-failed", "Halt: the cancel-all did not reach the broker",
                $"Trading is halted here, but the broker did not take the cancel-all: {ex.Message}. Working orders may still be live; the cancel-all is sent again when the broker connection is back.",
                "Cancel the working orders in TWS by hand now (Global Cancel), or check the broker connection.");
        }
    }

    private void Transition(StateDecision decision, Actor actor, string command, DateTimeOffset now)
    {
        if (decision is not StateDecision.Transition t)
            return;
        _status = t.Next;
        _records.Add(new StateChangedRecord(t.Previous, t.Next));
        Audit(actor, command, t.Next.Reason, "ok", $"{t.Previous.State} -> {t.Next.State}", now);
        _dirty = true;
    }

    private void DecideResume(ResumeInput input, DateTimeOffset now)
    {
        if (_storageFailed)
        {
            Refuse(input, input.Actor, "/resume", input.Reason, "resume.storage", "The journal cannot be written; trading stays stopped until it works again.", now);
            return;
        }
        var decision = TradingStateMachine.Resume(_status, input.Actor.ToString(), input.Actor.IsAdmin, input.Reason, input.Override, now, _options.ResumePolicy, _options.Calendar);
        switch (decision)
        {
            case StateDecision.Refused r:
                Refuse(input, input.Actor, "/resume", input.Reason, r.Rule, $"Refused by policy {r.Rule}: {r.Message}", now);
                return;
            case StateDecision.Transition t:
                if (t.Previous.State == TradingState.Halted)
                {
                    // A person lifted the halt: the runaway windows start afresh; after a drawdown trip the admin's
                    // confirmed resume accepts today's equity as the new high-water mark (otherwise it trips at once).
                    _activity.ResetRunaway();
                    if (t.Previous.LastHaltTrigger == StateTrigger.Drawdown)
                        _drawdown.ResetHighWaterMark(_realizedTotal + _positions.UnrealizedPnl);
                    else
                        _drawdown.Rearm();
                    _records.Add(new SettingRecord(SettingKeys.Drawdown, _drawdown.Export()));
                }
                Transition(t, input.Actor, "/resume", now);
                var factor = TradingStateMachine.SizeFactor(t.Next.State, _options.ResumePolicy);
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"{t.Previous.State} -> {t.Next.State} by {input.Actor}: {t.Next.Reason}. Entries at {factor:P0} of normal size.");
                RaiseAlert(now, Severity.Sev2, "resume", $"Trading resumed: {t.Next.State}", message, "Watch the first orders closely.");
                _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done(message)));
                return;
        }
    }

    private void Refuse(EngineRequest<CommandOutcome> input, Actor actor, string command, string arguments, string rule, string message, DateTimeOffset now)
    {
        Audit(actor, command, arguments, "refused", message, now);
        _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Refused(rule, message)));
    }

    private void DecideCancel(CancelInput input, DateTimeOffset now)
    {
        if (input.BrokerOrderId is { } id)
        {
            if (!_orders.TryGet(id, out var order))
            {
                Refuse(input, input.Actor, "/cancel", id.ToString(CultureInfo.InvariantCulture), "cancel.unknown-order", $"No working order {id}. See /orders.", now);
                return;
            }
            _activity.RecordCancelSent(now);
            Audit(input.Actor, "/cancel", id.ToString(CultureInfo.InvariantCulture), "ok", $"cancel requested for {order.Order.Symbol} order {id}", now);
            _actions.Add(ct => _broker.CancelOrderAsync(id, ct).AsTask());
            var msg = string.Create(CultureInfo.InvariantCulture, $"Cancel sent for order {id} ({order.Order.Side} {order.Order.Quantity} {order.Order.Symbol}).");
            _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done(msg)));
            return;
        }

        var count = _orders.Count;
        _activity.RecordCancelSent(now);
        Audit(input.Actor, "/cancel", "all", "ok", $"global cancel for {count} working orders", now);
        _actions.Add(ct => _broker.CancelAllAsync(ct).AsTask());
        var text = string.Create(CultureInfo.InvariantCulture, $"Global cancel sent: {count} working order(s), including protective bracket orders. Positions stay open.");
        _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done(text)));
    }

    private void DecidePause(PauseInput input, DateTimeOffset now)
    {
        var command = input.Pause ? "/pause" : "/unpause";
        var changed = input.Pause ? _paused.Add(input.Strategy) : _paused.Remove(input.Strategy);
        if (!changed)
        {
            Refuse(input, input.Actor, command, input.Strategy, "pause.no-change", input.Pause ? $"{input.Strategy} is already paused." : $"{input.Strategy} is not paused.", now);
            return;
        }
        _records.Add(new SettingRecord(SettingKeys.Paused, string.Join(',', _paused.Order(StringComparer.Ordinal))));
        Audit(input.Actor, command, input.Strategy, "ok", input.Pause ? "paused" : "unpaused", now);
        _dirty = true;
        var message = input.Pause
            ? $"{input.Strategy} paused: its new entries are refused; its working orders and positions stay."
            : $"{input.Strategy} unpaused.";
        _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done(message)));
    }

    private void DecideDailyReset(DailyResetInput input, DateTimeOffset now)
    {
        var day = _options.Calendar.TradingDayOf(now);
        ResetDay(day, input.Actor, now);
        Audit(input.Actor, "daily-reset", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "ok", $"daily counters and loss limits reset; state {_status.State}", now);
        _dirty = true;
        var message = $"Daily reset for {day:yyyy-MM-dd}: counters and daily loss limits reset. State: {_status.State}" + (_status.State == TradingState.Halted ? " (a reset never lifts a halt)." : ".");
        _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done(message)));
    }

    private void DecideWeeklyReset(WeeklyResetInput input, DateTimeOffset now)
    {
        var week = _options.Calendar.TradingWeekOf(now);
        _tradingWeek = week;
        _lossMonitor.ResetWeek(week);
        _records.Add(new SettingRecord(SettingKeys.LossLimits, _lossMonitor.Export()));
        _records.Add(new SettingRecord(SettingKeys.LastWeeklyReset, week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Audit(input.Actor, "weekly-reset", week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "ok", "weekly loss limit reset", now);
        _dirty = true;
        _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done($"Weekly reset for the week of {week:yyyy-MM-dd}.")));
    }

    private void DecideTick(DateTimeOffset now)
    {
        RollDayIfNeeded(now);
        if (_status.State is TradingState.Restricted or TradingState.Cautious)
        {
            var decision = TradingStateMachine.AdvanceStage(_status, now, _options.ResumePolicy);
            if (decision is StateDecision.Transition t)
            {
                Transition(t, Actor.System, "staged-resume", now);
                RaiseAlert(now, Severity.Sev4, "resume-stage", $"Staged resume: {t.Next.State}", t.Next.Reason, "None.");
            }
        }
        WatchDataFeed(now);
        WatchHoldTimes(now);
        WatchSilence(now);
        if (now - _lastEquityPoint >= TimeSpan.FromSeconds(10))
        {
            _lastEquityPoint = now;
            _equity.Add(new EquityPoint(now, _ledger.RealizedOn(_tradingDay) + _positions.UnrealizedPnl));
            if (_equity.Count > 5000)
                _equity.RemoveRange(0, _equity.Count - 5000);
            _dirty = true;
        }
    }

    /// <summary>The loop notices a new trading day even before the scheduled reset job runs.</summary>
    private void RollDayIfNeeded(DateTimeOffset now)
    {
        var day = _options.Calendar.TradingDayOf(now);
        if (day > _tradingDay)
            ResetDay(day, Actor.System, now);
        var week = _options.Calendar.TradingWeekOf(now);
        if (week > _tradingWeek)
        {
            _tradingWeek = week;
            _lossMonitor.ResetWeek(week);
            _records.Add(new SettingRecord(SettingKeys.LastWeeklyReset, week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>
    /// The start of a trading day: daily counters, daily loss limits and the equity curve start afresh, persisted with
    /// the day; the state machine's daily reset ends a loss-limit closing-only state and never lifts a halt.
    /// </summary>
    private void ResetDay(DateOnly day, Actor actor, DateTimeOffset now)
    {
        _tradingDay = day;
        _activity.ResetDay(day);
        _lossMonitor.ResetDay(day);
        _equity.Clear();
        ResetSlippageDay(now);
        SaveActivity();
        _records.Add(new SettingRecord(SettingKeys.LossLimits, _lossMonitor.Export()));
        _records.Add(new SettingRecord(SettingKeys.LastDailyReset, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Transition(TradingStateMachine.DailyReset(_status, now), actor, "daily-reset", now);
    }

    private void EnterStorageFailure(Exception ex)
    {
        _storageFailed = true;
        _dirty = true;
        _snapshot = BuildSnapshot(running: true);
        var now = _time.GetUtcNow();
        var alert = new Alert(Guid.NewGuid().ToString("N"), now, Severity.Sev1, "database", "Journal write failed: new risk refused",
            $"The journal could not be written: {ex.Message}. Decisions of the failed batch were not carried out; entries are refused (closing-only) until it works.",
            "Stop the bot, check disk space and the database (PRAGMA integrity_check); restore from data/backups if corrupt.");

        // The incident opens in memory at once (visible in /incidents); it is journaled with the next commit that works.
        if (_incidentBook.Observe(alert, now) is { } change)
        {
            _records.Add(new IncidentRecordedRecord(change.Incident));
            alert = alert with { IncidentId = change.Incident.Id, IncidentType = change.Incident.Type };
        }
        _snapshot = BuildSnapshot(running: true);
        _notifier.Notify(alert);
    }

    /// <summary>An alert is journaled with the batch and handed to the notifier after the commit.</summary>
    private void RaiseAlert(DateTimeOffset now, Severity severity, string key, string title, string text, string firstAction) =>
        RaiseAlert(new Alert(Guid.NewGuid().ToString("N"), now, severity, key, title, text, firstAction));

    private void RaiseAlert(Alert alert)
    {
        // Alerts open or join incidents (by type and key); the incident is journaled with the alert.
        if (_incidentBook.Observe(alert, alert.Time) is { } change)
        {
            _records.Add(new IncidentRecordedRecord(change.Incident));
            alert = alert with { IncidentId = change.Incident.Id, IncidentType = change.Incident.Type };
            _dirty = true;
        }
        _records.Add(new AlertRecordedRecord(alert));
        _actions.Add(_ => { _notifier.Notify(alert); return Task.CompletedTask; });
    }
}
