using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Host.Web;

/// <summary>The dashboard header and P&amp;L cards: state and why, broker and data-feed health, P&amp;L against the limits.</summary>
/// <param name="State">Trading state (Active, Reducing, Restricted, Cautious, Halted).</param>
/// <param name="Tone">Colour of the state: <c>ok</c> (green), <c>warn</c> (amber) or <c>danger</c> (red).</param>
/// <param name="Reason">Why the state is what it is.</param>
/// <param name="Actor">Who or what set it.</param>
/// <param name="Since">Since when.</param>
/// <param name="Broker">Broker connection.</param>
/// <param name="DataFeed">Market data health.</param>
/// <param name="Pnl">P&amp;L against the limits.</param>
/// <param name="Positions">Open positions.</param>
/// <param name="WorkingOrders">Working orders.</param>
/// <param name="OpenIncidents">Unresolved incidents.</param>
/// <param name="OrdersToday">Orders sent this trading day.</param>
/// <param name="MaxOrdersPerDay">Limit of orders per day.</param>
/// <param name="Rejections">The latest rejections (at most 5), newest first.</param>
/// <param name="TradingDay">The trading day (yyyy-MM-dd).</param>
/// <param name="Time">When the engine built the snapshot.</param>
public sealed record DashboardOverview(
    string State,
    string Tone,
    string Reason,
    string Actor,
    DateTimeOffset Since,
    BrokerHealth Broker,
    DataFeedHealth DataFeed,
    PnlVersusLimits Pnl,
    int Positions,
    int WorkingOrders,
    int OpenIncidents,
    int OrdersToday,
    int MaxOrdersPerDay,
    IReadOnlyList<RejectionNote> Rejections,
    string TradingDay,
    DateTimeOffset Time)
{
    /// <summary>Builds the overview from the engine's snapshot; <paramref name="now"/> ages the quotes.</summary>
    public static DashboardOverview From(EngineSnapshot s, RiskLimits limits, EngineOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        return new DashboardOverview(
            s.Status.State.ToString(),
            ToneOf(s.Status.State),
            s.Status.Reason,
            s.Status.Actor,
            s.Status.Since,
            new BrokerHealth(s.BrokerConnected, s.BrokerDetail),
            DataFeedHealth.From(s, options, now),
            new PnlVersusLimits(
                s.RealizedToday,
                s.RealizedWeek,
                s.Unrealized,
                s.RealizedToday + s.Unrealized,
                s.RealizedWeek + s.Unrealized,
                limits.DailyLossLimit,
                limits.WeeklyLossLimit,
                s.Drawdown,
                limits.MaxDrawdown),
            s.Positions.Count(p => p.Quantity != 0),
            s.Orders.Count,
            s.Incidents.Count(i => !i.IsResolved),
            s.OrdersToday,
            limits.MaxOrdersPerDay,
            [.. s.RecentRejections.Take(5)],
            s.TradingDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            s.Time);
    }

    /// <summary>Green for Active, amber for the closing-only and staged states, red for Halted.</summary>
    public static string ToneOf(TradingState state) => state switch
    {
        TradingState.Active => "ok",
        TradingState.Halted => "danger",
        _ => "warn",
    };
}

/// <summary>Broker connection as the engine last saw it.</summary>
/// <param name="Connected">True while the broker takes orders.</param>
/// <param name="Detail">Broker name and last connection detail.</param>
public sealed record BrokerHealth(bool Connected, string Detail);

/// <summary>P&amp;L against the loss limits.</summary>
/// <param name="RealizedToday">Realized P&amp;L of the trading day.</param>
/// <param name="RealizedWeek">Realized P&amp;L of the trading week.</param>
/// <param name="Unrealized">Unrealized P&amp;L now.</param>
/// <param name="Day">Today: realized plus unrealized.</param>
/// <param name="Week">This week: realized plus unrealized.</param>
/// <param name="DailyLossLimit">The daily loss limit (positive money).</param>
/// <param name="WeeklyLossLimit">The weekly loss limit.</param>
/// <param name="Drawdown">Drawdown from the equity high-water mark.</param>
/// <param name="MaxDrawdown">The drawdown limit.</param>
public sealed record PnlVersusLimits(
    decimal RealizedToday,
    decimal RealizedWeek,
    decimal Unrealized,
    decimal Day,
    decimal Week,
    decimal DailyLossLimit,
    decimal WeeklyLossLimit,
    decimal Drawdown,
    decimal MaxDrawdown);
