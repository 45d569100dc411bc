using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatOpsTrader.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatOpsTrader.Tests.Dashboard;

/// <summary>Sign-in, halting, hostile strings and the page's HTTP hardening, against the shared host.</summary>
[Collection("dashboard")]
public class DashboardSecurityTests(DashboardFixture fixture)
{
    private const string HostileReason = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script> drill";

    [Fact]
    public async Task A_wrong_or_missing_token_shows_the_sign_in_prompt_and_no_data()
    {
        foreach (var token in new[] { "wrong-token-0123456789", null })
        {
            await using var dash = await fixture.OpenAsync(token: token);
            var page = dash.Page;
            await Expect(page.Locator("#signin")).ToBeVisibleAsync();
            await Expect(page.Locator("#app")).ToBeHiddenAsync();
            if (token is not null)
                await Expect(page.Locator("#signin-message")).ToContainTextAsync("not accepted");
            Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
            Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('chatops.token')"));
            // Nothing from the account reached the page.
            Assert.Equal(0, await page.Locator("#positions-body tr, #trades-body tr, #audit-body tr, #incidents-list *, #equity-chart *").CountAsync());
            Assert.Equal(string.Empty, await page.Locator("#state").TextContentAsync());
            var text = await page.Locator("body").InnerTextAsync();
            Assert.DoesNotContain("AAPL", text, StringComparison.Ordinal);
            if (token is not null)
                await dash.ScreenshotAsync("desktop-sign-in");
            dash.AssertOnlyOwnOrigin();
        }

        // Signing in with the right token through the form shows the account.
        await using var signIn = await fixture.OpenAsync(token: null);
        await signIn.Page.Locator("#signin-token").FillAsync(HostProcess.Token);
        await signIn.Page.Locator("#signin-form button[type=submit]").ClickAsync();
        await signIn.WaitLoadedAsync();
        await Expect(signIn.Page.Locator("#signin")).ToBeHiddenAsync();
        await Expect(signIn.Page.Locator("#positions-body tr", new PageLocatorOptions { HasText = "AAPL" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_host_that_refuses_to_trade_is_reported_and_the_token_is_kept_for_a_retry()
    {
        var context = await fixture.Browser.NewContextAsync();
        await using var _ = context;
        context.SetDefaultTimeout(20_000);
        await context.RouteAsync("**/api/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503,
            ContentType = "application/json",
            Body = "{\"error\":\"refusing to trade\",\"detail\":\"database disk image is malformed <b>x</b>\"}",
        }));
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.Origin}/?token={HostProcess.Token}");
        await Expect(page.Locator("#signin-message")).ToHaveTextAsync("The dashboard cannot load: refusing to trade: database disk image is malformed <b>x</b>. Reload to try again.");
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
        Assert.Equal(HostProcess.Token, await page.EvaluateAsync<string>("() => sessionStorage.getItem('chatops.token')"));
    }

    [Fact]
    public async Task Halt_with_a_hostile_reason_turns_the_header_red_shows_the_incident_and_runs_no_script()
    {
        await using var dash = await fixture.OpenAsync();
        await dash.WaitLoadedAsync();
        var page = dash.Page;

        // The first click only asks for a reason; nothing is halted yet.
        await page.Locator("#halt-open").ClickAsync();
        await Expect(page.Locator("#halt-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#halt-open")).ToBeHiddenAsync();
        Assert.NotEqual("Halted", (await fixture.Host.StatusAsync()).GetProperty("state").GetString());
        await page.Locator("#halt-reason").FillAsync(HostileReason);
        await page.Locator("#halt-confirm").ClickAsync();

        await Expect(page.Locator("#top")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("tone-danger"));
        await Expect(page.Locator("#state")).ToHaveTextAsync("Halted");
        await Expect(page.Locator("#state-reason")).ToHaveTextAsync(HostileReason);
        Assert.Equal("Halted", (await fixture.Host.StatusAsync()).GetProperty("state").GetString());

        // The kill-switch incident, with the runbook's next step and its choices as buttons.
        var incident = page.Locator("#incidents-list article", new PageLocatorOptions { HasText = "Trading HALTED" });
        await Expect(incident).ToHaveCountAsync(1);
        await Expect(incident.Locator(".badge")).ToHaveTextAsync("SEV1");
        await Expect(incident.Locator(".incident-detail")).ToContainTextAsync(HostileReason);
        await Expect(incident.Locator(".incident-next")).ToContainTextAsync("Was it intentional?");
        await dash.ScreenshotAsync("desktop-halted");

        // The hostile reason is text everywhere: no element was made from it and no script ran.
        Assert.Equal(0, await page.Locator("#app img, #app script").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__pwned === 'undefined'"));

        // A runbook choice runs its /choose command through the console.
        var id = await incident.GetAttributeAsync("data-incident");
        await incident.Locator(".choices button", new LocatorLocatorOptions { HasText = "Yes" }).ClickAsync();
        await Expect(page.Locator("#console-log .reply").Last.Locator(".reply-command")).ToHaveTextAsync($"> /choose {id} intentional yes");
        await Expect(page.Locator("#console-log .reply").Last.Locator(".reply-title")).ToHaveTextAsync($"{id}: choice recorded");
        await Expect(incident.Locator(".incident-next")).Not.ToContainTextAsync("Was it intentional?");

        await using var phone = await fixture.OpenAsync(390, 844);
        await phone.WaitLoadedAsync();
        await Expect(phone.Page.Locator("#state")).ToHaveTextAsync("Halted");
        await phone.ScreenshotAsync("phone-halted");
        dash.AssertOnlyOwnOrigin();
        phone.AssertOnlyOwnOrigin();
    }

    [Fact]
    public async Task Hostile_symbols_notes_and_commands_render_as_text()
    {
        await using var dash = await fixture.OpenAsync();
        await dash.WaitLoadedAsync();
        var page = dash.Page;

        // A strategy sends a hostile symbol: it is refused and listed among the rejections, as text.
        var (code, _) = await fixture.Host.OrderAsync("hostile-" + Guid.NewGuid().ToString("N"), new { symbol = "<svg/onload=window.__pwned=3>", side = "buy", quantity = 1, type = "market" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        await Expect(page.Locator("#rejections-list li", new PageLocatorOptions { HasText = "<SVG/ONLOAD=WINDOW.__PWNED=3>" }).First).ToBeVisibleAsync();

        // An incident resolved with a hostile note, then shown in the console.
        var incidents = await fixture.Host.Client.GetFromJsonAsync<JsonElement>("/api/incidents");
        var target = incidents.EnumerateArray().First(i => i.GetProperty("status").GetString() != "Resolved" && i.GetProperty("type").GetString() != "KillSwitch");
        var id = target.GetProperty("id").GetString();
        const string note = "<script>window.__pwned=4</script><b onmouseover=\"window.__pwned=5\">note</b>";
        var resolved = await dash.RunCommandAsync($"/resolve {id} {note}");
        await Expect(resolved.Locator(".reply-title")).ToHaveTextAsync($"{id}: resolved");
        var shown = await dash.RunCommandAsync($"/incident {id}");
        await Expect(shown).ToContainTextAsync("Resolved by web:web at ");
        await Expect(shown).ToContainTextAsync(note);

        // A hostile command argument comes back in an error reply, as text.
        var refused = await dash.RunCommandAsync("/trades <img/src/onerror=window.__pwned=6>");
        await Expect(refused).ToContainTextAsync("'<img/src/onerror=window.__pwned=6>' is not a filter");
        await page.Locator("#audit-body tr").First.HoverAsync();

        Assert.Equal(0, await page.Locator("#app img, #app script, #app b, #app svg:not(#equity-chart)").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__pwned === 'undefined'"));
        dash.AssertOnlyOwnOrigin();
        Assert.Empty(dash.Errors);
    }

    [Fact]
    public async Task The_page_is_served_with_a_strict_policy_and_its_api_needs_the_token()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(fixture.Origin), Timeout = TimeSpan.FromSeconds(20) };
        var page = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/app.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        foreach (var (path, type) in new[] { ("/app.js", "text/javascript"), ("/app.css", "text/css"), ("/favicon.svg", "image/svg+xml") })
        {
            var asset = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", asset.Headers.GetValues("X-Content-Type-Options").Single());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/app.js.map")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/../data/web-token")).StatusCode);

        // Every dashboard endpoint needs the bearer token; a token in the query string is not accepted.
        foreach (var path in new[] { "/api/overview", "/api/equity", "/api/incidents/INC-0001", "/api/events", $"/api/events?token={HostProcess.Token}" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);

        var client = fixture.Host.Client;
        var equity = await client.GetFromJsonAsync<JsonElement>("/api/equity");
        Assert.True(equity.GetProperty("points").GetArrayLength() >= 1);
        Assert.True(equity.GetProperty("dailyLossLimit").GetDecimal() > 0);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/incidents/nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/incidents/INC-9999")).StatusCode);

        // The live stream starts with an overview event at once.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal("event: overview", await reader.ReadLineAsync(cts.Token));
        var data = await reader.ReadLineAsync(cts.Token);
        Assert.StartsWith("data: {", data, StringComparison.Ordinal);
        var overview = JsonDocument.Parse(data!["data: ".Length..]).RootElement;
        Assert.Contains(overview.GetProperty("state").GetString(), new[] { "Active", "Reducing", "Restricted", "Cautious", "Halted" });
        Assert.True(overview.GetProperty("broker").GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task Live_streams_are_bounded_and_a_closed_one_frees_its_place()
    {
        var streams = new List<HttpResponseMessage>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            HttpStatusCode last = HttpStatusCode.OK;
            for (var i = 0; i < 40 && last == HttpStatusCode.OK; i++)
            {
                var response = await fixture.Host.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
                last = response.StatusCode;
                streams.Add(response);
            }
            Assert.Equal(HttpStatusCode.TooManyRequests, last);
            Assert.InRange(streams.Count(s => s.IsSuccessStatusCode), 1, 16);
        }
        finally
        {
            foreach (var s in streams)
                s.Dispose();
        }

        // Closing them frees the places (the server notices within a poll).
        await Host.HostAcceptanceTests.WaitUntilAsync(async () =>
        {
            using var again = await fixture.Host.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            return again.IsSuccessStatusCode;
        }, seconds: 10);
    }
}
