using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatOpsTrader.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatOpsTrader.Tests.Dashboard;

/// <summary>The dashboard's acceptance points, in headless Chromium against the real host on the embedded default.</summary>
[Collection("dashboard")]
public class DashboardPageTests(DashboardFixture fixture)
{
    private static readonly string[] States = ["Active", "Reducing", "Restricted", "Cautious", "Halted"];

    [Fact]
    public async Task Loads_with_state_pnl_a_chart_with_points_positions_and_trades()
    {
        await using var dash = await fixture.OpenAsync();
        await dash.WaitLoadedAsync();
        var page = dash.Page;

        // The token left the address bar and lives in this tab's session storage.
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        Assert.Equal(HostProcess.Token, await page.EvaluateAsync<string>("() => sessionStorage.getItem('chatops.token')"));

        // State in the header, coloured by its tone, with the reason; broker and data-feed health.
        var state = await page.Locator("#state").TextContentAsync();
        Assert.Contains(state, States);
        var tone = state switch { "Active" => "tone-ok", "Halted" => "tone-danger", _ => "tone-warn" };
        await Expect(page.Locator("#top")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(tone));
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#state-reason").TextContentAsync()));
        await Expect(page.Locator("#broker")).ToHaveTextAsync("Broker connected");
        await Expect(page.Locator("#feed")).ToContainTextAsync("Data ");

        // P&L of the day and the week against the limits, as the API reports them.
        var overview = await fixture.Host.Client.GetFromJsonAsync<JsonElement>("/api/overview");
        await Expect(page.Locator("#pnl-day")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[+-]?[\d,]+\.\d\d$"));
        await Expect(page.Locator("#pnl-day-limit")).ToContainTextAsync($"loss limit {overview.GetProperty("pnl").GetProperty("dailyLossLimit").GetDecimal():#,0.00}");
        await Expect(page.Locator("#pnl-week-limit")).ToContainTextAsync($"loss limit {overview.GetProperty("pnl").GetProperty("weeklyLossLimit").GetDecimal():#,0.00}");

        // The equity chart is drawn in the page with at least two points.
        var points = await page.Locator("#equity-chart polyline.chart-line").GetAttributeAsync("points");
        Assert.NotNull(points);
        Assert.True(points.Split(' ').Length >= 2, points);
        Assert.True(int.Parse(await page.Locator("#equity-chart").GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 2);

        // Our AAPL position (broker's with ours beside), and the demo's closed trades.
        var aapl = page.Locator("#positions-body tr", new PageLocatorOptions { HasText = "AAPL" });
        await Expect(aapl).ToHaveCountAsync(1);
        await Expect(aapl.Locator("td").Nth(1)).ToHaveTextAsync("3");
        await Expect(aapl.Locator("td").Nth(2)).ToHaveTextAsync("3");
        await Expect(aapl.Locator("td").Nth(7)).ToHaveTextAsync("ok");
        Assert.True(await page.Locator("#trades-body tr").CountAsync() > 0);
        Assert.True(await page.Locator("#audit-body tr").CountAsync() > 0);

        await dash.ScreenshotAsync("desktop-overview");
        dash.AssertOnlyOwnOrigin();
        Assert.Empty(dash.Errors);
    }

    [Fact]
    public async Task The_losers_filter_shows_only_losing_trades_worst_first_and_winners_only_winners()
    {
        await using var dash = await fixture.OpenAsync();
        await dash.WaitLoadedAsync();
        var page = dash.Page;

        await page.Locator("#trade-filter button[data-filter=losers]").ClickAsync();
        await Expect(page.Locator("#trades[data-filter=losers]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#trade-filter button[data-filter=losers]")).ToHaveAttributeAsync("aria-pressed", "true");
        var losers = await PnlsAsync(page);
        Assert.NotEmpty(losers);
        Assert.All(losers, p => Assert.True(p < 0, $"{p} is not a loss"));
        Assert.Equal(losers.Order().ToList(), losers);
        await Expect(page.Locator("#trades-body tr.winner")).ToHaveCountAsync(0);
        await dash.ScreenshotAsync("desktop-losers");

        await page.Locator("#trade-filter button[data-filter=winners]").ClickAsync();
        await Expect(page.Locator("#trades[data-filter=winners]")).ToHaveCountAsync(1);
        var winners = await PnlsAsync(page);
        Assert.NotEmpty(winners);
        Assert.All(winners, p => Assert.True(p > 0, $"{p} is not a gain"));
        dash.AssertOnlyOwnOrigin();
    }

    [Fact]
    public async Task Flatten_typed_in_the_console_shows_the_preview_and_a_confirm_button()
    {
        await using var dash = await fixture.OpenAsync();
        await dash.WaitLoadedAsync();
        var page = dash.Page;

        var reply = await dash.RunCommandAsync("/flatten");
        await Expect(reply).ToContainTextAsync("AAPL");
        var confirm = reply.Locator(".reply-buttons button", new LocatorLocatorOptions { HasText = "Confirm flatten" });
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(confirm).ToBeEnabledAsync();
        StringAssert(await confirm.GetAttributeAsync("data-command"), "/confirm ");
        await dash.ScreenshotAsync("desktop-console-flatten");

        // Cancel it (the shared host keeps its position); both buttons of a used confirmation are disabled.
        await reply.Locator(".reply-buttons button", new LocatorLocatorOptions { HasText = "Cancel" }).ClickAsync();
        await Expect(confirm).ToBeDisabledAsync();
        await Expect(page.Locator("#console-log .reply").Last.Locator(".reply-command")).ToContainTextAsync("/confirm cancel-");
        await Expect(page.Locator("#positions-body tr", new PageLocatorOptions { HasText = "AAPL" })).ToHaveCountAsync(1);
        dash.AssertOnlyOwnOrigin();
    }

    [Fact]
    public async Task An_incident_shows_its_runbook_step_and_a_read_only_action_runs_from_its_button()
    {
        await using var dash = await fixture.OpenAsync();
        await dash.WaitLoadedAsync();
        var page = dash.Page;

        // The demo's deliberate refusal opened a pre-flight incident: its step asks which rule, each choice names a command.
        var chip = page.Locator("#incidents-list .choice button.chip[data-command='/limits']").First;
        await Expect(chip).ToBeVisibleAsync();
        await chip.ClickAsync();
        await Expect(page.Locator("#console-log .reply").Last.Locator(".reply-command")).ToHaveTextAsync("> /limits");
        await Expect(page.Locator("#console-log .reply").Last.Locator("table")).Not.ToHaveCountAsync(0);
        dash.AssertOnlyOwnOrigin();
    }

    [Fact]
    public async Task Live_updates_arrive_without_a_reload()
    {
        await using var dash = await fixture.OpenAsync();
        await dash.WaitLoadedAsync();
        var page = dash.Page;
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        var marker = "live-" + Guid.NewGuid().ToString("N")[..8];
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // Someone else (another transport) pauses a strategy: the page shows it in the audit trail by itself.
        await fixture.Host.CommandAsync($"/pause {marker}");
        await Expect(page.Locator("#audit-body tr", new PageLocatorOptions { HasText = marker })).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        await fixture.Host.CommandAsync($"/unpause {marker}");
        dash.AssertOnlyOwnOrigin();
    }

    [Fact]
    public async Task A_phone_viewport_shows_everything_without_horizontal_scrolling()
    {
        await using var dash = await fixture.OpenAsync(390, 844);
        await dash.WaitLoadedAsync();
        var page = dash.Page;
        await dash.ScreenshotAsync("phone-first-screen", fullPage: false);

        // The widest replies too: the help and positions tables.
        foreach (var command in new[] { "/help", "/positions" })
        {
            await dash.RunCommandAsync(command);
        }
        await page.Locator("#halt-open").ClickAsync();
        await Expect(page.Locator("#halt-form")).ToBeVisibleAsync();

        var fits = await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth");
        var overflowing = await page.EvaluateAsync<string[]>(
            "() => Array.from(document.querySelectorAll('#app section, #app header')).filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.id)");
        await dash.ScreenshotAsync("phone-overview");
        Assert.True(fits, $"scrollWidth {await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth")} > 390");
        Assert.Empty(overflowing);
        foreach (var id in new[] { "#state", "#pnl-day", "#equity-chart", "#positions-body", "#trades-body", "#console-form", "#audit-body" })
            await Expect(page.Locator(id)).ToBeVisibleAsync();
        await page.Locator("#halt-cancel").ClickAsync();
        dash.AssertOnlyOwnOrigin();
    }

    [Fact]
    public async Task Closing_only_states_are_amber_a_position_mismatch_is_highlighted_and_orders_show_their_origin()
    {
        // The page's rendering of what the API reports: the API's own answers, changed to a Reducing state, a broker
        // position we do not have (the comparison itself is tested with the router) and a working order of a strategy.
        var overview = JsonNode.Parse(await fixture.Host.Client.GetStringAsync("/api/overview"))!.AsObject();
        overview["state"] = "Reducing";
        overview["tone"] = "warn";
        overview["reason"] = "data feed stale: NVDA last quote 75 s ago (window 60 s)";
        var positions = JsonNode.Parse(await fixture.Host.Client.GetStringAsync("/api/positions"))!.AsArray();
        positions.Add(new JsonObject
        {
            ["symbol"] = "NVDA", ["quantity"] = 7, ["averageCost"] = 120.5, ["ourQuantity"] = 0, ["ourAverageCost"] = null,
            ["mark"] = null, ["unrealizedPnl"] = 0, ["mismatch"] = true, ["protectedByStop"] = false, ["source"] = "broker", ["brokerError"] = null,
        });

        var orders = new JsonArray(new JsonObject
        {
            ["orderId"] = 4242, ["symbol"] = "MSFT", ["side"] = "Buy", ["quantity"] = 2, ["filled"] = 0, ["type"] = "Limit",
            ["limitPrice"] = 395, ["stopPrice"] = null, ["status"] = "Submitted", ["origin"] = "Api", ["strategy"] = "api-test",
            ["clientId"] = 0, ["orderRef"] = "cot-api-test-1", ["parentId"] = null,
        });

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await using var _ = context;
        context.SetDefaultTimeout(20_000);
        await context.RouteAsync("**/api/events", route => route.AbortAsync());
        await context.RouteAsync("**/api/overview", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "application/json", Body = overview.ToJsonString() }));
        await context.RouteAsync("**/api/positions", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "application/json", Body = positions.ToJsonString() }));
        await context.RouteAsync("**/api/orders", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "application/json", Body = orders.ToJsonString() }));
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.Origin}/?token={HostProcess.Token}");
        await Expect(page.Locator("body[data-loaded=true]")).ToHaveCountAsync(1);

        await Expect(page.Locator("#top")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("tone-warn"));
        await Expect(page.Locator("#state")).ToHaveTextAsync("Reducing");
        await Expect(page.Locator("#state-reason")).ToHaveTextAsync("data feed stale: NVDA last quote 75 s ago (window 60 s)");
        var nvda = page.Locator("#positions-body tr.mismatch");
        await Expect(nvda).ToHaveCountAsync(1);
        await Expect(nvda.Locator("td").First).ToHaveTextAsync("NVDA");
        await Expect(nvda.Locator("td.flag")).ToHaveTextAsync("MISMATCH");
        await Expect(page.Locator("#positions-body tr:not(.mismatch)", new PageLocatorOptions { HasText = "AAPL" })).ToHaveCountAsync(1);
        var order = page.Locator("#orders-body tr");
        await Expect(order).ToHaveCountAsync(1);
        await Expect(order.Locator("td").Nth(5)).ToHaveTextAsync("lmt 395.00");
        await Expect(order.Locator("td").Nth(7)).ToHaveTextAsync("Api (api-test)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.ScreenshotDirectory, "desktop-reducing-mismatch.png"), FullPage = true });
    }

    private static async Task<List<decimal>> PnlsAsync(IPage page)
    {
        var texts = await page.Locator("#trades-body tr td:nth-child(7)").AllTextContentsAsync();
        return [.. texts.Select(t => decimal.Parse(t.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static void StringAssert(string? actual, string prefix) => Assert.StartsWith(prefix, actual ?? string.Empty, StringComparison.Ordinal);
}
