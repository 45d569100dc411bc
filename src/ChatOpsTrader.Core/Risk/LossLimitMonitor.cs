using System.Runtime.InteropServices;
using System.Text;

namespace ChatOpsTrader.Core.Risk;

/// <summary>
/// Watches the money loss limits (daily, weekly, daily per strategy; realized plus unrealized) and raises each
/// warning level and the breach once per scope and period. A loss that recovers and falls again does not raise a
/// level twice. Owned by the engine loop: not thread-safe, no I/O.
/// </summary>
/// <remarks>
/// A level is reached when the loss is at or above <c>level × limit</c>; the breach when the loss is at or above the
/// limit. When one evaluation jumps past several levels, only the highest is reported (the lower ones count as
/// raised): a breach is never preceded by stale warnings in the same batch.
/// </remarks>
public sealed class LossLimitMonitor
{
    private static readonly LossLimitEvent[] NoEvents = [];

    private readonly RiskLimits _limits;
    private readonly decimal[] _levels;
    private readonly decimal[] _dailyThresholds;
    private readonly decimal[] _weeklyThresholds;
    private readonly decimal[] _strategyThresholds;
    private readonly Dictionary<string, ScopeState> _strategies = new(StringComparer.Ordinal);
    private ScopeState _daily;
    private ScopeState _weekly;

    /// <summary>Creates a monitor with nothing raised yet.</summary>
    /// <param name="limits">The loss limits and warning levels.</param>
    /// <param name="tradingDay">The current trading day.</param>
    /// <param name="tradingWeek">The current trading week (its Monday, <see cref="Trading.TradingCalendar.TradingWeekOf"/>).</param>
    public LossLimitMonitor(RiskLimits limits, DateOnly tradingDay, DateOnly tradingWeek)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.EnsureValid();
        _limits = limits;
        _levels = [.. limits.LossWarningLevels.Order(), 1m];
        _dailyThresholds = Thresholds(limits.DailyLossLimit);
        _weeklyThresholds = Thresholds(limits.WeeklyLossLimit);
        _strategyThresholds = Thresholds(limits.StrategyDailyLossLimit);
        TradingDay = tradingDay;
        TradingWeek = tradingWeek;
    }

    /// <summary>The trading day of the daily and per-strategy scopes.</summary>
    public DateOnly TradingDay { get; private set; }

    /// <summary>The trading week of the weekly scope.</summary>
    public DateOnly TradingWeek { get; private set; }

    /// <summary>
    /// Compares the P&amp;L (realized plus unrealized; negative is a loss) with the limits and returns the events not
    /// raised before, or an empty list (no allocation) when there is nothing new.
    /// </summary>
    /// <param name="dayPnl">The account's P&amp;L for the trading day.</param>
    /// <param name="weekPnl">The account's P&amp;L for the trading week.</param>
    /// <param name="strategyDayPnl">Each strategy's P&amp;L for the trading day. Pass a <see cref="Dictionary{TKey, TValue}"/> to avoid an enumerator allocation.</param>
    /// <param name="now">Stamped on the events.</param>
    public IReadOnlyList<LossLimitEvent> Evaluate(decimal dayPnl, decimal weekPnl, IReadOnlyDictionary<string, decimal> strategyDayPnl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(strategyDayPnl);
        List<LossLimitEvent>? events = null;
        Observe(ref _daily, LossScope.Daily, null, dayPnl, _dailyThresholds, _limits.DailyLossLimit, now, ref events);
        Observe(ref _weekly, LossScope.Weekly, null, weekPnl, _weeklyThresholds, _limits.WeeklyLossLimit, now, ref events);
        if (strategyDayPnl is Dictionary<string, decimal> dictionary)
        {
            foreach (var (strategy, pnl) in dictionary)
                ObserveStrategy(strategy, pnl, now, ref events);
        }
        else
        {
            foreach (var (strategy, pnl) in strategyDayPnl)
                ObserveStrategy(strategy, pnl, now, ref events);
        }

        return events is null ? NoEvents : events;
    }

    /// <summary>Every scope's loss, limit, used fraction and headroom as of the last <see cref="Evaluate"/>.</summary>
    public LossLimitStatus Snapshot()
    {
        var strategies = new List<LossScopeStatus>(_strategies.Count);
        foreach (var (name, state) in _strategies)
            strategies.Add(new(LossScope.StrategyDaily, name, state.Loss, _limits.StrategyDailyLossLimit, state.Raised));
        strategies.Sort((a, b) => string.CompareOrdinal(a.Strategy, b.Strategy));
        return new LossLimitStatus(
            new(LossScope.Daily, null, _daily.Loss, _limits.DailyLossLimit, _daily.Raised),
            new(LossScope.Weekly, null, _weekly.Loss, _limits.WeeklyLossLimit, _weekly.Raised),
            strategies);
    }

    /// <summary>
    /// Starts a new trading day: the daily and per-strategy scopes may raise again. Idempotent: a day that is not
    /// after <see cref="TradingDay"/> changes nothing.
    /// </summary>
    /// <returns>True when the scopes were reset.</returns>
    public bool ResetDay(DateOnly tradingDay)
    {
        if (tradingDay <= TradingDay)
            return false;
        TradingDay = tradingDay;
        _daily = default;
        _strategies.Clear();
        return true;
    }

    /// <summary>Starts a new trading week: the weekly scope may raise again. Idempotent like <see cref="ResetDay"/>.</summary>
    /// <returns>True when the scope was reset.</returns>
    public bool ResetWeek(DateOnly tradingWeek)
    {
        if (tradingWeek <= TradingWeek)
            return false;
        TradingWeek = tradingWeek;
        _weekly = default;
        return true;
    }

    /// <summary>
    /// The levels already raised, with their periods, e.g.
    /// <c>v1;day=2026-11-17;week=2026-11-16;daily=0.8;weekly=0.5;strategy=momo:1</c> (strategy names URL-escaped).
    /// </summary>
    public string Export()
    {
        var text = new StringBuilder("v1")
            .Append(";day=").Append(RiskText.Day(TradingDay))
            .Append(";week=").Append(RiskText.Day(TradingWeek))
            .Append(";daily=").Append(RiskText.Number(_daily.Raised))
            .Append(";weekly=").Append(RiskText.Number(_weekly.Raised));
        foreach (var (name, state) in _strategies)
        {
            if (state.Raised > 0)
                text.Append(";strategy=").Append(Uri.EscapeDataString(name)).Append(':').Append(RiskText.Number(state.Raised));
        }

        return text.ToString();
    }

    /// <summary>
    /// Restores the raised levels after a restart. Levels of another trading day (or week) than the current one are
    /// dropped: they may raise again, which is the safe side.
    /// </summary>
    /// <exception cref="FormatException">The state is not one <see cref="Export"/> wrote.</exception>
    public static LossLimitMonitor Import(string? state, RiskLimits limits, DateOnly tradingDay, DateOnly tradingWeek)
    {
        var monitor = new LossLimitMonitor(limits, tradingDay, tradingWeek);
        if (string.IsNullOrWhiteSpace(state))
            return monitor;

        DateOnly? day = null;
        DateOnly? week = null;
        decimal daily = 0;
        decimal weekly = 0;
        var strategies = new List<(string Name, decimal Raised)>();
        foreach (var (key, value) in RiskText.ParseState(state, "Loss limit"))
        {
            switch (key)
            {
                case "day":
                    day = RiskText.ParseDay(value, "loss limit day");
                    break;
                case "week":
                    week = RiskText.ParseDay(value, "loss limit week");
                    break;
                case "daily":
                    daily = ParseLevel(value);
                    break;
                case "weekly":
                    weekly = ParseLevel(value);
                    break;
                case "strategy":
                    var colon = value.LastIndexOf(':');
                    if (colon <= 0)
                        throw new FormatException($"Loss limit state: '{value}' is not strategy:level.");
                    strategies.Add((Uri.UnescapeDataString(value[..colon]), ParseLevel(value[(colon + 1)..])));
                    break;
                default:
                    throw new FormatException($"Loss limit state: unknown key '{key}'.");
            }
        }

        if (day is null || week is null)
            throw new FormatException("Loss limit state: day and week are required.");
        if (day.Value == tradingDay)
        {
            monitor._daily.Raised = daily;
            foreach (var (name, raised) in strategies)
                monitor._strategies[name] = new ScopeState { Raised = raised };
        }

        if (week.Value == tradingWeek)
            monitor._weekly.Raised = weekly;
        return monitor;
    }

    private static decimal ParseLevel(string text)
    {
        var level = RiskText.ParseNumber(text, "loss limit level");
        return level is >= 0 and <= 1 ? level : throw new FormatException($"Loss limit state: level {text} is outside 0..1.");
    }

    private decimal[] Thresholds(decimal limit)
    {
        var thresholds = new decimal[_levels.Length];
        for (var i = 0; i < _levels.Length; i++)
            thresholds[i] = _levels[i] * limit;
        return thresholds;
    }

    private void ObserveStrategy(string strategy, decimal pnl, DateTimeOffset now, ref List<LossLimitEvent>? events)
    {
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_strategies, strategy, out _);
        Observe(ref state, LossScope.StrategyDaily, strategy, pnl, _strategyThresholds, _limits.StrategyDailyLossLimit, now, ref events);
    }

    private void Observe(ref ScopeState state, LossScope scope, string? strategy, decimal pnl, decimal[] thresholds, decimal limit, DateTimeOffset now, ref List<LossLimitEvent>? events)
    {
        var loss = pnl < 0 ? -pnl : 0m;
        state.Loss = loss;
        var reached = 0m;
        for (var i = thresholds.Length - 1; i >= 0; i--)
        {
            if (loss >= thresholds[i])
            {
                reached = _levels[i];
                break;
            }
        }

        if (reached <= state.Raised)
            return;
        state.Raised = reached;
        var kind = reached >= 1m ? LossEventKind.Breach : LossEventKind.Warning;
        (events ??= new List<LossLimitEvent>(4)).Add(new LossLimitEvent(scope, strategy, kind, reached, loss, limit) { Time = now });
    }

    private struct ScopeState
    {
        public decimal Raised;
        public decimal Loss;
    }
}
