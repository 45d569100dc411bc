using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Host;

/// <summary>The acceptance points of the foundation issue, against the real host process.</summary>
[Collection("host")]
public class HostAcceptanceTests
{
    [Fact]
    public async Task Starts_healthy_within_10_seconds_and_serves_the_contract()
    {
        await using var host = new HostProcess();
        var elapsed = await host.StartHealthyAsync();
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");

        var status = await host.StatusAsync();
        Assert.Equal("Active", status.GetProperty("state").GetString());
        Assert.True(status.GetProperty("broker").GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Array, (await host.Client.GetFromJsonAsync<JsonElement>("/api/positions")).ValueKind);
        Assert.Equal(JsonValueKind.Array, (await host.Client.GetFromJsonAsync<JsonElement>("/api/orders")).ValueKind);
        Assert.Equal(JsonValueKind.Array, (await host.Client.GetFromJsonAsync<JsonElement>("/api/trades?filter=losers")).ValueKind);
        Assert.Equal(JsonValueKind.Array, (await host.Client.GetFromJsonAsync<JsonElement>("/api/audit")).ValueKind);
        var metrics = await host.Client.GetStringAsync("/metrics");
        Assert.Contains("chatops_trading_state{state=\"Active\"} 1", metrics, StringComparison.Ordinal);

        // Secrets never reach the log files or a reply (the console shows the dashboard URL with its token, by contract).
        var reply = (await host.CommandAsync("/whoami")).ToString() + (await host.CommandAsync("/status")).ToString();
        await host.OrderAsync("secret-check", new { symbol = "AAPL", side = "buy", quantity = 1, type = "market" });
        var logs = string.Concat(Directory.GetFiles(Path.Combine(host.WorkDirectory, "data", "logs")).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }));
        Assert.NotEmpty(logs);
        foreach (var secret in new[] { HostProcess.Token, HostProcess.ApiKey })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, reply, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Halt_survives_sigkill_resume_is_refused_and_flatten_confirms_once()
    {
        await using var host = new HostProcess();
        await host.StartHealthyAsync();
        await Task.Delay(600); // let the paper exchange publish quotes (its own timer, real time)

        // A working order and a position at the paper broker.
        var (code, placed) = await host.OrderAsync("pos-1", new { symbol = "AAPL", side = "buy", quantity = 2, type = "market" });
        Assert.True(code == HttpStatusCode.OK, placed.ToString());
        var (code2, working) = await host.OrderAsync("lmt-1", new { symbol = "MSFT", side = "buy", quantity = 1, type = "limit", limitPrice = 395 });
        Assert.True(code2 == HttpStatusCode.OK, working.ToString());
        Assert.True(working.GetProperty("accepted").GetBoolean());

        await WaitUntilAsync(async () => (await host.Client.GetFromJsonAsync<JsonElement>("/api/positions")).GetArrayLength() == 1);

        var halt = await host.CommandAsync("/halt testing");
        Assert.Contains("HALTED", halt.GetProperty("text").GetString(), StringComparison.Ordinal);
        var status = await host.StatusAsync();
        Assert.Equal("Halted", status.GetProperty("state").GetString());
        var incidents = await host.Client.GetFromJsonAsync<JsonElement>("/api/incidents");
        Assert.Contains(incidents.EnumerateArray(), i => i.GetProperty("type").GetString() == "KillSwitch" && i.GetProperty("severity").GetString() == "SEV1" && i.GetProperty("status").GetString() == "Open");
        await WaitUntilAsync(async () => (await host.Client.GetFromJsonAsync<JsonElement>("/api/orders")).GetArrayLength() == 0);

        var (rejectedCode, rejected) = await host.OrderAsync("after-halt", new { symbol = "AAPL", side = "buy", quantity = 1, type = "market" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejectedCode);
        Assert.Equal("halted", rejected.GetProperty("rule").GetString());

        host.Kill();
        await host.StartHealthyAsync();
        await WaitUntilAsync(() => Task.FromResult(host.Output.Contains("Bot crash detected: the previous run ended uncleanly", StringComparison.Ordinal)));
        status = await host.StatusAsync();
        Assert.Equal("Halted", status.GetProperty("state").GetString());
        Assert.Equal("testing", status.GetProperty("reason").GetString());
        Assert.Equal("web:web", status.GetProperty("actor").GetString());

        var resume = await host.CommandAsync("/resume all clear");
        Assert.Contains("resume.minimum-halt", resume.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, resume.GetProperty("confirmationId").ValueKind);

        var preview = await host.CommandAsync("/flatten");
        var id = preview.GetProperty("confirmationId").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Contains("AAPL", preview.GetProperty("text").GetString(), StringComparison.Ordinal);

        var confirmed = await host.CommandAsync($"/confirm {id}");
        Assert.Contains("FLAT at the broker and HALTED", confirmed.GetProperty("text").GetString(), StringComparison.Ordinal);
        var positions = await host.Client.GetFromJsonAsync<JsonElement>("/api/positions");
        Assert.True(positions.GetArrayLength() == 0, $"{positions}\n{confirmed}");
        Assert.Equal("Halted", (await host.StatusAsync()).GetProperty("state").GetString());

        var again = await host.CommandAsync($"/confirm {id}");
        Assert.Contains("already used", again.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_stop_is_not_reported_as_a_crash_and_a_missed_backup_is_taken_at_start()
    {
        await using var host = new HostProcess();
        await host.StartHealthyAsync();
        var backups = Path.Combine(host.WorkDirectory, "data", "backups");
        await WaitUntilAsync(() => Task.FromResult(Directory.Exists(backups) && Directory.GetFiles(backups, "chatops-*.db").Length == 1));

        host.Terminate();
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var firstRun = host.Output.Length;
        await host.StartHealthyAsync();
        await host.CommandAsync("/status");
        await Task.Delay(500);
        Assert.DoesNotContain("Bot crash detected", host.Output[firstRun..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_over_the_notional_limit_are_rejected_and_an_idempotency_key_sends_once()
    {
        await using var host = new HostProcess(environment: new Dictionary<string, string> { ["Risk__MaxPositionPerSymbol"] = "1000" });
        await host.StartHealthyAsync();
        await Task.Delay(600);

        var (code, body) = await host.OrderAsync("big-1", new { symbol = "AAPL", side = "buy", quantity = 400, type = "limit", limitPrice = 190 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("max-order-notional", body.GetProperty("rule").GetString());
        var message = body.GetProperty("message").GetString()!;
        Assert.Contains("76,000.00", message, StringComparison.Ordinal);
        Assert.Contains("50,000.00", message, StringComparison.Ordinal);

        var (c1, first) = await host.OrderAsync("same-key", new { symbol = "MSFT", side = "buy", quantity = 1, type = "limit", limitPrice = 395 });
        var (c2, second) = await host.OrderAsync("same-key", new { symbol = "MSFT", side = "buy", quantity = 1, type = "limit", limitPrice = 395 });
        Assert.True(c1 == HttpStatusCode.OK, first.ToString());
        Assert.True(c2 == HttpStatusCode.OK, second.ToString());
        Assert.True(second.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("brokerOrderId").GetInt64(), second.GetProperty("brokerOrderId").GetInt64());
        var orders = await host.Client.GetFromJsonAsync<JsonElement>("/api/orders");
        Assert.Equal(1, orders.EnumerateArray().Count(o => o.GetProperty("symbol").GetString() == "MSFT"));
    }

    [Fact]
    public async Task Bad_input_gets_clear_4xx_errors_and_changes_nothing()
    {
        await using var host = new HostProcess();
        await host.StartHealthyAsync();

        async Task<HttpStatusCode> Post(string path, string content, string type = "application/json", string? token = HostProcess.Token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(content, Encoding.UTF8, type) };
            request.Headers.Authorization = token is null ? null : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("X-Api-Key", HostProcess.ApiKey);
            request.Headers.Add("Idempotency-Key", "bad-" + Guid.NewGuid().ToString("N"));
            using var plain = new HttpClient { BaseAddress = host.Client.BaseAddress };
            return (await plain.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.BadRequest, await Post("/api/commands", "{\"text\":"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post("/api/commands", "{\"text\":42}"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post("/api/commands", "{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post("/api/commands", "/halt", "text/plain"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post("/api/commands", "{\"text\":\"/halt\"}", token: "wrong-token-wrong-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post("/api/commands", "{\"text\":\"/halt\"}", token: null));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await Post("/api/commands", "{\"text\":\"" + new string('x', 200_000) + "\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post("/api/orders", "{\"symbol\":\"AAPL\",\"side\":\"up\",\"quantity\":1}"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post("/api/orders", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":\"many\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post("/api/orders", "[1,2,3]"));
        var unauthorized = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/status") { Headers = { Authorization = new("Bearer", "nope") } });
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        var unknown = await host.CommandAsync("/frobnicate now");
        Assert.Contains("Unknown command", unknown.GetProperty("text").GetString(), StringComparison.Ordinal);
        var wrongType = await host.CommandAsync("/cancel banana");
        Assert.Contains("not an order id", wrongType.GetProperty("text").GetString(), StringComparison.Ordinal);

        var status = await host.StatusAsync();
        Assert.Equal("Active", status.GetProperty("state").GetString());
        Assert.Equal(0, (await host.Client.GetFromJsonAsync<JsonElement>("/api/orders")).GetArrayLength());
        var health = await host.Client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_corrupted_database_makes_the_bot_refuse_to_trade_and_say_why_and_the_file_is_untouched()
    {
        await using var host = new HostProcess();
        Directory.CreateDirectory(Path.GetDirectoryName(host.DatabasePath)!);
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        Encoding.ASCII.GetBytes("SQLite format 3\0").CopyTo(garbage, 0);
        await File.WriteAllBytesAsync(host.DatabasePath, garbage);
        var before = SHA256.HashData(garbage);

        host.Start();
        JsonElement health = default;
        await WaitUntilAsync(async () =>
        {
            try
            {
                var response = await host.Client.GetAsync("/healthz");
                health = await response.Content.ReadFromJsonAsync<JsonElement>();
                return response.StatusCode == HttpStatusCode.ServiceUnavailable;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
        var status = await host.Client.GetAsync("/api/status");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.Contains("refusing to trade", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("REFUSING TO TRADE", host.Output, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(host.DatabasePath)));
    }

    [Fact]
    public async Task A_second_process_on_the_same_database_refuses_to_start_with_a_clear_message()
    {
        await using var first = new HostProcess();
        await first.StartHealthyAsync();
        await using var second = new HostProcess(environment: new Dictionary<string, string> { ["Storage__Path"] = first.DatabasePath });
        second.Start();
        var exit = await second.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, exit);
        Assert.Contains("another ChatOpsTrader process", second.Output, StringComparison.Ordinal);
        Assert.Equal("Healthy", (await first.Client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Invalid_configuration_stops_start_up_with_one_message_naming_the_key()
    {
        await using var host = new HostProcess(environment: new Dictionary<string, string> { ["Risk__MaxOrderNotional"] = "-5" });
        host.Start();
        Assert.Equal(2, await host.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Risk:MaxOrderNotional", host.Output, StringComparison.Ordinal);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"condition not met within {seconds} s");
    }
}

[CollectionDefinition("host", DisableParallelization = true)]
public class HostCollection;
