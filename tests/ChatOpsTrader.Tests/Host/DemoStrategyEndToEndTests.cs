using System.Net.Http.Json;
using System.Text.Json;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Host;

[Collection("host")]
public class DemoStrategyEndToEndTests
{
    [Fact]
    public async Task Within_a_minute_the_demo_shows_positions_losers_worst_first_and_a_preflight_rejection()
    {
        await using var host = new HostProcess(environment: new Dictionary<string, string> { ["Demo__Enabled"] = "true", ["Paper__RejectProbability"] = "0.03" });
        await host.StartHealthyAsync();

        JsonElement losers = default;
        var sawPosition = false;
        var sawRejection = false;
        await HostAcceptanceTests.WaitUntilAsync(async () =>
        {
            sawPosition |= (await host.Client.GetFromJsonAsync<JsonElement>("/api/positions")).GetArrayLength() > 0;
            sawRejection |= (await host.StatusAsync()).GetProperty("recentRejections").GetArrayLength() > 0;
            losers = await host.Client.GetFromJsonAsync<JsonElement>("/api/trades?filter=losers");
            return losers.GetArrayLength() >= 2 && sawPosition && sawRejection;
        }, seconds: 60);

        var pnls = losers.EnumerateArray().Select(t => t.GetProperty("realizedPnl").GetDecimal()).ToList();
        Assert.All(pnls, p => Assert.True(p < 0));
        Assert.Equal(pnls.Order().ToList(), pnls);
    }
}
