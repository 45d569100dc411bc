using ChatOpsTrader.Core.Market;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    private EngineSnapshot BuildSnapshot(bool running)
    {
        Volatile.Write(ref _publishedLimits, _limits);
        var quotes = new Dictionary<string, Quote>(StringComparer.Ordinal);
        foreach (var q in _quotes.All)
            quotes[q.Symbol] = q;
        var status = _storageFailed && _status.State != Core.Trading.TradingState.Halted
            ? _status with { State = Core.Trading.TradingState.Reducing, Reason = "journal cannot be written: closing-only until it works (" + _status.Reason + ")" }
            : _status;
        return new EngineSnapshot
        {
            Time = _time.GetUtcNow(),
            Status = status,
            BrokerConnected = _brokerConnected,
            BrokerDetail = _brokerDetail,
            Positions = _positions.Snapshot(),
            Orders = [.. _orders.All.OrderBy(o => o.Order.BrokerOrderId)],
            Quotes = quotes,
            RealizedToday = _ledger.RealizedOn(_tradingDay),
            RealizedWeek = _ledger.RealizedInWeek(_tradingWeek),
            Unrealized = _positions.UnrealizedPnl,
            StrategyRealizedToday = _ledger.StrategyRealizedOn(_tradingDay),
            LossLimits = _lossMonitor.Snapshot(),
            HighWaterMark = _drawdown.HighWaterMark,
            Drawdown = _drawdown.Drawdown,
            OrdersToday = _activity.OrdersToday,
            PausedStrategies = [.. _paused],
            KnownStrategies = [.. _strategies],
            LastReconciliation = _lastReconciliation,
            TradingDay = _tradingDay,
            EquityCurve = [.. _equity],
            RecentRejections = [.. _rejections],
            Incidents = [.. _incidentBook.Unresolved, .. _incidentBook.All.Where(i => i.IsResolved).Take(20)],
            Running = running,
            StartedAt = _startedAt,
        };
    }
}
