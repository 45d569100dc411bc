using System.Globalization;
using System.Text;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Hosting;

namespace ChatOpsTrader.Host.Http;

/// <summary><c>GET /metrics</c> in the Prometheus text format.</summary>
internal static class Metrics
{
    public static IResult Render(HttpContext http)
    {
        var sb = new StringBuilder();
        var gate = http.RequestServices.GetRequiredService<JournalGate>();
        Gauge(sb, "chatops_journal_ok", "1 when the journal is open and writable", gate.Failure is null ? 1 : 0);
        if (gate.Failure is null)
        {
            var s = http.RequestServices.GetRequiredService<TradingEngine>().Snapshot;
            sb.AppendLine("# HELP chatops_trading_state 1 for the current trading state");
            sb.AppendLine("# TYPE chatops_trading_state gauge");
            foreach (var state in Enum.GetValues<TradingState>())
                sb.Append(CultureInfo.InvariantCulture, $"chatops_trading_state{{state=\"{state}\"}} {(s.Status.State == state ? 1 : 0)}\n");
            Gauge(sb, "chatops_broker_connected", "1 while the broker takes orders", s.BrokerConnected ? 1 : 0);
            Gauge(sb, "chatops_positions", "open positions", s.Positions.Count(p => p.Quantity != 0));
            Gauge(sb, "chatops_working_orders", "working orders (ours and external)", s.Orders.Count);
            Gauge(sb, "chatops_orders_today", "orders sent this trading day", s.OrdersToday);
            Gauge(sb, "chatops_pnl_realized_today", "realized P&L of the trading day", s.RealizedToday);
            Gauge(sb, "chatops_pnl_unrealized", "unrealized P&L", s.Unrealized);
            Gauge(sb, "chatops_drawdown", "drawdown from the equity high-water mark", s.Drawdown);
            Gauge(sb, "chatops_recent_rejections", "rejections kept for /status", s.RecentRejections.Count);
            Gauge(sb, "chatops_uptime_seconds", "seconds since start", (decimal)(s.Time - s.StartedAt).TotalSeconds);
        }
        return Results.Text(sb.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }

    private static void Gauge(StringBuilder sb, string name, string help, decimal value)
    {
        sb.Append("# HELP ").Append(name).Append(' ').AppendLine(help);
        sb.Append("# TYPE ").Append(name).AppendLine(" gauge");
        sb.Append(name).Append(' ').AppendLine(value.ToString(CultureInfo.InvariantCulture));
    }
}
