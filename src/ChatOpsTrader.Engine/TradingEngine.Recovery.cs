using System.Globalization;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    /// <summary>Rebuilds the engine's state from the journal: status, intents, open orders, positions (by replaying fills), limits.</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var recovery = await _journal.RecoverAsync(cancellationToken);

        if (recovery.Status is { } status)
        {
            _status = status;
            _durableStatus = status;
        }
        else
        {
            _records.Add(new StateChangedRecord(_status, _status));
        }

        var settings = recovery.Settings;
        if (settings.GetValueOrDefault(SettingKeys.RunMarker) is { } marker && marker.StartsWith("running", StringComparison.Ordinal))
        {
            PreviousRunUnclean = settings.TryGetValue(SettingKeys.LastException, out var last) && last.Length > 0
                ? $"{marker}; last unhandled exception: {last}"
                : marker;
        }
        _records.Add(new SettingRecord(SettingKeys.RunMarker, string.Create(CultureInfo.InvariantCulture, $"running:pid {Environment.ProcessId}:since {now:O}")));
        _records.Add(new SettingRecord(SettingKeys.LastException, string.Empty));
        var today = _options.Calendar.TradingDayOf(now);
        var thisWeek = _options.Calendar.TradingWeekOf(now);
        // Counters carry the trading day they belong to: yesterday's counts are discarded, today's survive the restart.
        // Limits changed by a person at run time survive restarts.
        foreach (var (name, value) in LimitSetting.Import(settings.GetValueOrDefault(SettingKeys.LimitOverrides)))
        {
            _limitOverrides[name] = value;
            _limits = LimitSetting.Find(name)!.Set(_limits, value);
        }
        _checker = new PreflightChecker(_limits, _options.ResumePolicy);
        _activity = OrderActivity.Import(settings.GetValueOrDefault(SettingKeys.Activity), _limits, today);
        _lossMonitor = LossLimitMonitor.Import(settings.GetValueOrDefault(SettingKeys.LossLimits), _limits, today, thisWeek);
        _drawdown = DrawdownBreaker.Import(settings.GetValueOrDefault(SettingKeys.Drawdown), _limits.MaxDrawdown);
        if (settings.TryGetValue(SettingKeys.Paused, out var paused))
        {
            foreach (var name in paused.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                _paused.Add(name);
        }
        if (settings.TryGetValue(SettingKeys.LastDailyReset, out var lastDay) && DateOnly.TryParseExact(lastDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            _tradingDay = day;
        if (settings.TryGetValue(SettingKeys.LastWeeklyReset, out var lastWeek) && DateOnly.TryParseExact(lastWeek, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var week))
            _tradingWeek = week;

        _incidentBook = new Core.Incidents.IncidentBook(null, recovery.Incidents ?? []);

        foreach (var intent in recovery.Intents)
        {
            Remember(intent);
            if (!IsFlattenRef(intent.OrderRef) && intent.CreatedAt >= now.AddDays(-7))
                _strategies.Add(intent.Intent.Strategy);
        }

        foreach (var fill in recovery.Fills)
        {
            foreach (var trade in _positions.ApplyFill(fill))
            {
                _ledger.Record(trade);
                _realizedTotal += trade.RealizedPnl;
            }
            _positions.Mark(fill.Symbol, fill.Price);
            _orders.RecordExecution(fill.BrokerOrderId, fill.Quantity);
        }

        foreach (var order in recovery.Orders)
        {
            // An order whose fills were journaled but whose final status was not (a crash in between) is filled.
            if (_orders.CompletedByExecutions(order) is { } filled)
            {
                _records.Add(new OrderRecordedRecord(filled));
                continue;
            }
            _orders.Apply(order);
        }

        // A reset missed while the process was down is applied before trading resumes.
        RollDayIfNeeded(now);
        if (_records.Count > 0)
            await _journal.CommitAsync([.. _records], cancellationToken);
        _records.Clear();
        _actions.Clear();
        _completions.Clear();
        _batchIntentKeys.Clear();

        LogRecovered(_logger, _status.State, _status.Reason, _status.Actor, recovery.Fills.Count, _positions.Count, _orders.Count, _intents.Count);
    }

    private async Task StartBrokerAsync(CancellationToken cancellationToken)
    {
        await _broker.StartAsync(this, cancellationToken);
        if (_options.Symbols.Count > 0)
            await _broker.SubscribeQuotesAsync(_options.Symbols, cancellationToken);

        // Broker is truth: reconcile before deciding anything else. A broker that cannot be reached at start (TWS not
        // running, API off) is not fatal: the engine runs closing-only with the broker marked down, keeps trying through
        // the adapter, and reconciles when it connects (the same path as after a reconnect).
        BrokerAccountSnapshot broker;
        try
        {
            broker = _broker.IsConnected
                ? await _broker.GetAccountSnapshotAsync(cancellationToken)
                : throw new InvalidOperationException($"{_broker.Name} is not connected");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _brokerConnected = false;
            _brokerDetail = $"{_broker.Name}: not connected ({ex.Message})";
            LogBrokerDownAtStart(_logger, _broker.Name, ex.Message);
            RaiseAlert(_time.GetUtcNow(), Severity.Sev2, AlertKeys.BrokerConnection, "Broker not reachable at start",
                $"{_brokerDetail}. New entries are refused until it is reachable; the bot keeps trying and reconciles as soon as it connects.",
                "Check that TWS/IB Gateway is running and logged in with the API enabled; /status says which step of the checklist fails.");
            await FlushAsync(cancellationToken);
            return;
        }
        _brokerConnected = _broker.IsConnected;
        _brokerDetail = _broker.IsConnected ? $"{_broker.Name}: connected" : $"{_broker.Name}: not connected";
        var request = new ReconcileInput(Actor.System, broker, true);
        DecideReconcile(request, _time.GetUtcNow());
        if (_status.State == TradingState.Halted)
        {
            // A halt stays halted across restarts: make sure nothing works at the broker that should not.
            var working = broker.OpenOrders.Where(o => !IsFlattenRef(o.OrderRef)).ToList();
            if (working.Count > 0)
            {
                _actions.Add(ct => _broker.CancelAllAsync(ct).AsTask());
                RaiseAlert(_time.GetUtcNow(), Severity.Sev2, "halted-restart", "Working orders found while halted were cancelled",
                    $"{working.Count} working order(s) at the broker after a restart while halted; a global cancel was sent.", "Review /orders and /positions.");
            }
        }
        await FlushAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Broker {Broker} not reachable at start: {Reason}; running closing-only until it connects")]
    private static partial void LogBrokerDownAtStart(ILogger logger, string broker, string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Recovered: state {State} ({Reason}, by {Actor}); {Fills} fills replayed, {Positions} positions, {Orders} working orders, {Intents} intents")]
    private static partial void LogRecovered(ILogger logger, TradingState state, string reason, string actor, int fills, int positions, int orders, int intents);
}
