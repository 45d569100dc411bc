using System.Net.Http.Json;
using System.Text.Json;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>Reading the host's trading state over HTTP, for "nothing changed" checks.</summary>
public static class ProveHttp
{
    /// <summary>Trading state, working orders, positions, limits and paused strategies as one comparable text.</summary>
    public static async Task<string> StateAsync(HostProcess host)
    {
        var status = await host.StatusAsync();
        var orders = await host.Client.GetFromJsonAsync<JsonElement>("/api/orders");
        var positions = await host.Client.GetFromJsonAsync<JsonElement>("/api/positions");
        var trades = await host.Client.GetFromJsonAsync<JsonElement>("/api/trades?filter=today");
        return string.Join('\n',
            $"state {status.GetProperty("state").GetString()} {status.GetProperty("reason").GetString()}",
            $"limits {status.GetProperty("pnl").GetProperty("dailyLossLimit")} {status.GetProperty("maxOrdersPerDay")}",
            $"paused {status.GetProperty("pausedStrategies")}",
            $"orders today {status.GetProperty("ordersToday")}",
            $"orders {orders}",
            $"positions {positions.GetArrayLength()}",
            $"trades {trades.GetArrayLength()}");
    }
}
