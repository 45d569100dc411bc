using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatOpsTrader.Tests.Host;
using ChatOpsTrader.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatOpsTrader.Tests.Dashboard;

/// <summary>
/// One real host (demo strategy on, as on the embedded default) and one headless Debian Chromium shared by every
/// dashboard test. Start-up waits, bounded, until the demo has closed a loser and a winner, its deliberate refusal has
/// opened an incident, and a position of ours is open.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium (test.sh installs it); Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public HostProcess Host { get; } = new(environment: new Dictionary<string, string>
    {
        ["Demo__Enabled"] = "true",
        ["Paper__RejectProbability"] = "0",
    });

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Origin => $"http://127.0.0.1:{Host.Port}";

    /// <summary>Where screenshots go (under the test output, ignored by git).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        await Host.StartHealthyAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
            Timeout = 30_000,
        });
        Directory.CreateDirectory(ScreenshotDirectory);

        // A position of our own (the demo only trades flat symbols, so it stays until someone flattens it).
        // Until the paper exchange quotes AAPL, pre-flight refuses; each try has its own idempotency key.
        var attempt = 0;
        await HostAcceptanceTests.WaitUntilAsync(async () =>
        {
            var (code, _) = await Host.OrderAsync($"dashboard-aapl-{attempt++}", new { symbol = "AAPL", side = "buy", quantity = 3, type = "market" });
            if (code == HttpStatusCode.OK)
                return true;
            await Task.Delay(400);
            return false;
        }, seconds: 20);
        await HostAcceptanceTests.WaitUntilAsync(async () =>
        {
            var positions = await Host.Client.GetFromJsonAsync<JsonElement>("/api/positions");
            var losers = await Host.Client.GetFromJsonAsync<JsonElement>("/api/trades?filter=losers");
            var winners = await Host.Client.GetFromJsonAsync<JsonElement>("/api/trades?filter=winners");
            var incidents = await Host.Client.GetFromJsonAsync<JsonElement>("/api/incidents");
            return positions.EnumerateArray().Any(p => p.GetProperty("symbol").GetString() == "AAPL")
                && losers.GetArrayLength() > 0 && winners.GetArrayLength() > 0
                && incidents.EnumerateArray().Count(i => i.GetProperty("type").GetString() == "OrderRejectedPreflight" && i.GetProperty("status").GetString() == "Open") > 0;
        }, seconds: 90);

        // Screenshots of the account before any test acts on it (the tests may run in any order and one halts).
        foreach (var (name, width, height) in new[] { ("desktop-active", 1280, 900), ("phone-active", 390, 844) })
        {
            await using var dash = await OpenAsync(width, height);
            await dash.WaitLoadedAsync();
            await dash.ScreenshotAsync(name);
        }
    }

    /// <summary>A fresh browser context and page; every request it makes is recorded.</summary>
    public async Task<DashboardPage> OpenAsync(int width = 1280, int height = 900, string? token = HostProcess.Token)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(20_000);
        var requests = new ConcurrentQueue<string>();
        var trace = new ConcurrentQueue<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        context.Request += (_, request) =>
        {
            requests.Enqueue(request.Url);
            trace.Enqueue($"{clock.ElapsedMilliseconds,6} ms -> {request.Method} {request.Url}");
        };
        context.RequestFinished += (_, request) => trace.Enqueue($"{clock.ElapsedMilliseconds,6} ms <- {request.Method} {request.Url}");
        context.RequestFailed += (_, request) => trace.Enqueue($"{clock.ElapsedMilliseconds,6} ms xx {request.Method} {request.Url} {request.Failure}");
        var page = await context.NewPageAsync();
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue(error);
        page.Console += (_, message) => trace.Enqueue($"{clock.ElapsedMilliseconds,6} ms console {message.Type}: {message.Text}");
        await page.GotoAsync(token is null ? Origin + "/" : $"{Origin}/?token={Uri.EscapeDataString(token)}");
        return new DashboardPage(context, page, requests, errors, trace, Origin);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        Playwright?.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>A page of the dashboard with what it requested and any script error it raised.</summary>
public sealed class DashboardPage(IBrowserContext context, IPage page, ConcurrentQueue<string> requests, ConcurrentQueue<string> errors, ConcurrentQueue<string> trace, string origin) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public IReadOnlyCollection<string> Requests => requests;

    public IReadOnlyCollection<string> Errors => errors;

    /// <summary>Types a command in the console and returns its reply, once shown (the trace of requests if it never is).</summary>
    public async Task<ILocator> RunCommandAsync(string text)
    {
        var replies = Page.Locator("#console-log .reply");
        var before = await replies.CountAsync();
        await Page.Locator("#console-input").FillAsync(text);
        await Page.Locator("#console-input").PressAsync("Enter");
        var reply = Page.Locator("#console-log .reply:not(.pending)", new PageLocatorOptions { Has = Page.Locator(".reply-command", new PageLocatorOptions { HasTextString = "> " + text }) }).Last;
        try
        {
            await Expect(reply).ToBeVisibleAsync();
        }
        catch (PlaywrightException ex)
        {
            throw new Xunit.Sdk.XunitException($"No reply to {text} (replies before: {before}): {ex.Message}\nTrace:\n{string.Join('\n', trace)}");
        }
        return reply;
    }

    /// <summary>Waits until the first full load of every panel.</summary>
    public async Task WaitLoadedAsync() => await Expect(Page.Locator("body[data-loaded=true]")).ToHaveCountAsync(1);

    /// <summary>Every request went to the host itself: no CDN, no font, no analytics, no other host.</summary>
    public void AssertOnlyOwnOrigin()
    {
        Assert.NotEmpty(requests);
        Assert.All(requests, url => Assert.StartsWith(origin + "/", url, StringComparison.Ordinal));
    }

    public async Task ScreenshotAsync(string name, bool fullPage = true) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.ScreenshotDirectory, name + ".png"), FullPage = fullPage });

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}

[CollectionDefinition("dashboard")]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>;
