using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Telegram;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Telegram;

public class TelegramServiceCollectionExtensionsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Without_a_token_the_host_starts_and_stops_and_Telegram_stays_off()
    {
        var logs = new CollectingLoggerProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(logs);
        builder.Services.AddTelegramTransport(builder.Configuration);
        builder.Services.AddTelegramTransport(builder.Configuration); // twice is harmless
        using var host = builder.Build();

        await host.StartAsync();
        var transport = host.Services.GetRequiredService<TelegramTransport>();
        await transport.ExecuteTask!.WaitAsync(Wait);
        var channel = Assert.Single(host.Services.GetServices<IAlertChannel>());
        var delivery = await channel.DeliverAsync(new Alert("a", DateTimeOffset.UnixEpoch, Severity.Sev1, "k", "t", "x", "y"), CancellationToken.None);
        await host.StopAsync();

        Assert.Single(host.Services.GetServices<IHostedService>().OfType<TelegramTransport>());
        Assert.Equal(TelegramTransportState.Off, transport.State);
        Assert.Equal("telegram", channel.Name);
        Assert.False(channel.IsEnabled);
        Assert.False(delivery.Delivered);
        Assert.False(delivery.Retryable);
        Assert.Single(logs.Lines, l => l.Message.Contains("Telegram is off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_token_the_registered_router_answers_alerts_go_out_problems_are_alerted_and_no_log_line_holds_the_token()
    {
        await using var server = await FakeTelegramServer.StartAsync();
        await using var harness = await new EngineHarness().StartAsync();
        var notifier = new CollectingNotifier();
        var logs = new CollectingLoggerProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeTelegramServer.DefaultToken,
            ["Telegram:ApiBaseUrl"] = server.BaseAddress.ToString().TrimEnd('/'),
            ["Telegram:AlertChatIds:0"] = "555",
            ["Telegram:PollTimeoutSeconds"] = "2",
        });
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        var users = new ConfiguredUserDirectory([("telegram", "102", Role.Viewer)]);
        builder.Services.AddSingleton(new CommandRouter(harness.Engine, harness.Journal, harness.Notifier, users, new ConfirmationStore(harness.Time), harness.Time, NullLogger<CommandRouter>.Instance));
        builder.Services.AddSingleton<INotifier>(notifier);
        builder.Services.AddTelegramTransport(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            server.PushMessage(TelegramRig.Vera, "/whoami");
            var reply = await server.NextMessageAsync(TelegramRig.Vera, 0, Wait);
            Assert.Contains("User id: 102", reply.Visible, StringComparison.Ordinal);

            var channel = Assert.Single(host.Services.GetServices<IAlertChannel>());
            Assert.True(channel.IsEnabled);
            var delivery = await channel.DeliverAsync(new Alert("a", DateTimeOffset.UnixEpoch, Severity.Sev1, "k", "Broker disconnected", "TWS closed the socket", "Check TWS"), CancellationToken.None);
            Assert.True(delivery.Delivered, delivery.Detail);
            Assert.StartsWith("🚨 SEV1 · Broker disconnected", Assert.Single(server.MessagesIn(555)).Visible, StringComparison.Ordinal);

            server.Conflict = true;
            server.PushMessage(TelegramRig.Vera, "/status");
            await server.WaitUntilAsync(_ => notifier.Alerts.Any(a => a.Key == "telegram:problem"), Wait, "a telegram:problem alert");
            Assert.Contains("409", notifier.Alerts.Single(a => a.Key == "telegram:problem").Text, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.Contains(logs.Lines, l => l.Message.Contains("connected as @OurBot", StringComparison.Ordinal));
        var secret = FakeTelegramServer.DefaultToken.Split(':')[1];
        Assert.DoesNotContain(logs.Lines, l => l.All.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Validation_names_each_bad_key_and_never_shows_the_token()
    {
        var options = new TelegramOptions { BotToken = "not a token/with spaces", ApiBaseUrl = "ftp://x", AlertChatIds = ["123", "@channel", "-100200"], PollTimeoutSeconds = 0 };

        var problems = options.Validate();

        Assert.Equal(["Telegram:ApiBaseUrl", "Telegram:BotToken", "Telegram:AlertChatIds:1", "Telegram:PollTimeoutSeconds"], problems.Select(p => p.Key));
        Assert.DoesNotContain(problems, p => p.Message.Contains("not a token", StringComparison.Ordinal));
        Assert.Equal([123L, -100200L], options.ParsedAlertChatIds());
        Assert.Empty(new TelegramOptions { BotToken = FakeTelegramServer.DefaultToken }.Validate());
    }
}
