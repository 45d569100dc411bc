using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Reconciliation;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Engine;

/// <summary>
/// An immutable picture of the engine after its last durable batch. Readers (commands, HTTP, strategies)
/// use it from any thread; only the engine loop builds it.
/// </summary>
public sealed record EngineSnapshot
{
    /// <summary>When it was built.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Trading state with attribution.</summary>
    public required TradingStatus Status { get; init; }

    /// <summary>True while the broker takes orders.</summary>
    public required bool BrokerConnected { get; init; }

    /// <summary>Broker name and last connection detail.</summary>
    public required string BrokerDetail { get; init; }

    /// <summary>Our positions, by symbol.</summary>
    public required IReadOnlyList<Position> Positions { get; init; }

    /// <summary>Working orders (ours and external).</summary>
    public required IReadOnlyList<WorkingOrder> Orders { get; init; }

    /// <summary>Latest quotes.</summary>
    public required IReadOnlyDictionary<string, Quote> Quotes { get; init; }

    /// <summary>Realized P&amp;L of the trading day.</summary>
    public required decimal RealizedToday { get; init; }

    /// <summary>Realized P&amp;L of the trading week.</summary>
    public required decimal RealizedWeek { get; init; }

    /// <summary>Unrealized P&amp;L now.</summary>
    public required decimal Unrealized { get; init; }

    /// <summary>Realized P&amp;L today per strategy.</summary>
    public required IReadOnlyDictionary<string, decimal> StrategyRealizedToday { get; init; }

    /// <summary>Loss limits and their headroom.</summary>
    public required LossLimitStatus LossLimits { get; init; }

    /// <summary>Drawdown breaker: high-water mark, current drawdown, limit.</summary>
    public required decimal HighWaterMark { get; init; }

    /// <summary>Current drawdown from the high-water mark.</summary>
    public required decimal Drawdown { get; init; }

    /// <summary>Orders sent this trading day.</summary>
    public required int OrdersToday { get; init; }

    /// <summary>Paused strategies.</summary>
    public required IReadOnlyCollection<string> PausedStrategies { get; init; }

    /// <summary>Strategies seen (have sent at least one intent).</summary>
    public required IReadOnlyCollection<string> KnownStrategies { get; init; }

    /// <summary>The last reconciliation report, if any.</summary>
    public ReconciliationReport? LastReconciliation { get; init; }

    /// <summary>The trading day.</summary>
    public required DateOnly TradingDay { get; init; }

    /// <summary>Equity points of the trading day (time, realized + unrealized P&amp;L of the day).</summary>
    public required IReadOnlyList<EquityPoint> EquityCurve { get; init; }

    /// <summary>The recent pre-flight and broker rejections, newest first.</summary>
    public required IReadOnlyList<RejectionNote> RecentRejections { get; init; }

    /// <summary>Unresolved incidents (worst first), then the 20 most recently opened resolved ones.</summary>
    public required IReadOnlyList<Core.Incidents.Incident> Incidents { get; init; }

    /// <summary>True once the engine has recovered and is deciding inputs.</summary>
    public required bool Running { get; init; }

    /// <summary>When the engine started.</summary>
    public required DateTimeOffset StartedAt { get; init; }
}

/// <summary>One point of the day's equity curve.</summary>
public readonly record struct EquityPoint(DateTimeOffset Time, decimal Pnl);

/// <summary>A rejected order, for <c>/status</c> and the dashboard.</summary>
public sealed record RejectionNote(DateTimeOffset Time, string Strategy, string Symbol, string Rule, string Message);
