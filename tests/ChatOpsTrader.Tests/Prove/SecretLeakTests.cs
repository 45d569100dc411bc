using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ChatOpsTrader.Tests.Discord;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tests.Telegram;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// The real host with a known web token, strategy API key, Telegram and Discord bot tokens (pointing at local fakes):
/// start, commands on every transport, errors, a Bot API that fails and drops, a Discord token that gets refused,
/// a clean stop. None of the secrets may appear in the log files, the console, any HTTP reply or any chat message.
/// </summary>
[Collection("host")]
public class SecretLeakTests(ITestOutputHelper output)
{
    private const long Admin = 100;
    private const long Stranger = 999;

    [Fact]
    public async Task No_secret_reaches_a_log_file_the_console_an_HTTP_reply_or_a_chat_message()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var discord = await FakeDiscord.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = FakeTelegramServer.DefaultToken,
            ["Telegram__ApiBaseUrl"] = telegram.BaseAddress.ToString(),
            ["Telegram__PollTimeoutSeconds"] = "2",
            ["Telegram__Users__0__Id"] = "100",
            ["Telegram__Users__0__Role"] = "admin",
            ["Telegram__AlertChatIds__0"] = "100",
            ["Discord__BotToken"] = FakeDiscord.Token,
            ["Discord__ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Discord__GuildId"] = FakeDiscord.GuildId,
            ["Discord__AlertChannelId"] = FakeDiscord.ChannelId,
            ["Discord__Users__0__Id"] = DiscordRouter.Admin,
            ["Discord__Users__0__Role"] = "admin",
        };
        await using var host = new HostProcess(environment: environment);
        await host.StartHealthyAsync(TimeSpan.FromSeconds(60));
        await telegram.WaitUntilAsync(s => s.PollsStarted > 0, TimeSpan.FromSeconds(30), "Telegram polling");
        await discord.Rest.WaitForAsync(c => c.Kind == "commands", "Discord command registration", TimeSpan.FromSeconds(30));

        // Telegram: commands, errors, a stranger (whose text is never echoed anywhere, so his paste of the token is no leak).
        foreach (var text in new[] { "/whoami", "/status", "/test_notify", "/nope", "/cancel banana", "/limits set daily-loss lots", "/audit 50" })
            await TelegramCommandAsync(telegram, text);
        telegram.PushMessage(Stranger, "/halt " + FakeTelegramServer.DefaultToken);

        // Discord: commands and a stranger.
        foreach (var (user, name) in new[] { (DiscordRouter.Admin, "whoami"), (DiscordRouter.Admin, "status"), (DiscordRouter.Admin, "test_notify"), (DiscordRouter.Stranger, "halt"), (DiscordRouter.Admin, "audit") })
            await DiscordCommandAsync(discord, user, name);

        // Web: commands, errors, orders, every GET.
        var http = new StringBuilder();
        using (var plain = new HttpClient { BaseAddress = host.Client.BaseAddress })
        {
            foreach (var text in new[] { "/whoami", "/status", "/help", "/nope", "/confirm 0123456789abcdef0123456789abcdef", "/halt secret check", "/audit 100" })
                http.AppendLine(await ReadAsync(await host.Client.PostAsJsonAsync("/api/commands", new { text })));
            foreach (var path in new[] { "/api/status", "/api/positions", "/api/orders", "/api/trades", "/api/incidents", "/api/audit?limit=1000", "/metrics", "/healthz", "/api/audit?limit=abc" })
                http.AppendLine(await ReadAsync(await host.Client.GetAsync(path)));
            http.AppendLine(await ReadAsync(await plain.GetAsync("/api/status")));
            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HostProcess.Token[..^2]);
            http.AppendLine(await ReadAsync(await plain.SendAsync(wrong)));
            http.AppendLine(await ReadAsync(await host.Client.PostAsync("/api/commands", new StringContent("{\"text\":\"" + HostProcess.Token, Encoding.UTF8, "application/json"))));
            foreach (var key in new[] { HostProcess.ApiKey, HostProcess.ApiKey[..^1], HostProcess.Token })
            {
                var (_, body) = await host.OrderAsync("secret-" + key.Length, new { symbol = "AAPL", side = "buy", quantity = 1, type = "limit", limitPrice = 1 }, apiKey: key);
                http.AppendLine(body.ToString());
            }
        }

        // Failing transports: the Bot API errs and drops; Discord refuses the token on reconnect.
        telegram.FailNext("getUpdates", 500, "Internal Server Error", times: 2);
        telegram.FailNext("sendMessage", 0, "drop");
        telegram.PushMessage(Admin, "/status");
        discord.RejectToken = true;
        http.AppendLine(await ReadAsync(await host.Client.PostAsJsonAsync("/api/commands", new { text = "/test_notify" })));
        await discord.Rest.WaitForAsync(c => c.Status == 401, "the refused token", TimeSpan.FromSeconds(30));
        // The refusal stops the Discord transport (and its gateway): that is logged and alerted on the other channels.
        await TelegramCommandAsync(telegram, "/whoami");

        host.Terminate();
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var logs = string.Concat(Directory.GetFiles(Path.Combine(host.WorkDirectory, "data", "logs")).Select(File.ReadAllText));
        var console = host.Output;
        var chat = string.Join('\n', telegram.Sent.Select(m => m.Raw + " " + m.Keyboard?.ToJsonString()))
            + string.Join('\n', telegram.AnswersSnapshot().Select(a => a.Text))
            + string.Join('\n', discord.Rest.Snapshot().Select(c => c.Body?.ToJsonString()));
        output.WriteLine($"log {logs.Length} chars, console {console.Length}, HTTP {http.Length}, chat {chat.Length}");

        // Everything was exercised: the transports answered, failed and said so.
        Assert.Contains("Role: admin", chat, StringComparison.Ordinal);
        Assert.Contains("You are not authorized.", chat, StringComparison.Ordinal);
        Assert.Contains("Test alert", chat, StringComparison.Ordinal);
        Assert.Contains("Dashboard: http://127.0.0.1", console, StringComparison.Ordinal);
        Assert.Contains("Telegram", logs, StringComparison.Ordinal);
        Assert.Contains("Discord", logs, StringComparison.Ordinal);
        Assert.Contains("401", logs, StringComparison.Ordinal);

        var secrets = new Dictionary<string, string>
        {
            ["web token"] = HostProcess.Token,
            ["strategy API key"] = HostProcess.ApiKey,
            ["Telegram bot token"] = FakeTelegramServer.DefaultToken,
            ["Telegram bot token secret part"] = FakeTelegramServer.DefaultToken[(FakeTelegramServer.DefaultToken.IndexOf(':', StringComparison.Ordinal) + 1)..],
            ["Discord bot token"] = FakeDiscord.Token,
        };
        var places = new Dictionary<string, string> { ["log files"] = logs, ["console"] = console, ["HTTP replies"] = http.ToString(), ["chat messages"] = chat };
        var leaks = (from secret in secrets from place in places where place.Value.Contains(secret.Value, StringComparison.Ordinal) select $"the {secret.Key} in the {place.Key}").ToList();
        // Interaction tokens are credentials too (15 minutes of replies as the bot).
        leaks.AddRange(from place in places where place.Key != "chat messages" && place.Value.Contains("itok-", StringComparison.Ordinal) select $"a Discord interaction token in the {place.Key}");
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
    }

    private static async Task TelegramCommandAsync(FakeTelegramServer telegram, string text)
    {
        var before = telegram.MessagesIn(Admin).Length;
        telegram.PushMessage(Admin, text);
        await telegram.NextMessageAsync(Admin, before, TimeSpan.FromSeconds(30));
    }

    private static async Task DiscordCommandAsync(FakeDiscord discord, string user, string name)
    {
        var id = "5100000000000" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await discord.DispatchAsync("INTERACTION_CREATE", FakeDiscord.SlashCommand(id, user, name));
        await discord.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == id, $"the answer to /{name}", TimeSpan.FromSeconds(30));
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        using (response)
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }
}
