using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Chat.Discord;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatOpsTrader.Tests.Discord;

public class DiscordServiceCollectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDiscordTransport(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Without_a_token_everything_resolves_and_nothing_is_enabled()
    {
        await using var provider = Build([]);
        var options = provider.GetRequiredService<DiscordOptions>();
        Assert.False(options.IsConfigured);
        Assert.Equal("https://discord.com/api/v10", options.ApiBaseUrl);
        var channel = Assert.Single(provider.GetServices<IAlertChannel>());
        Assert.Equal("discord", channel.Name);
        Assert.False(channel.IsEnabled);
        var transport = Assert.IsType<DiscordTransport>(Assert.Single(provider.GetServices<IHostedService>()));
        await transport.StartAsync(CancellationToken.None);
        await transport.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        await transport.StopAsync(CancellationToken.None);
        Assert.Equal(0, transport.Gateway.Connections);
    }

    [Fact]
    public async Task The_section_binds_from_environment_style_keys_and_the_alert_channel_turns_on()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var provider = Build(new()
        {
            ["Discord:BotToken"] = FakeDiscord.Token + "\n",
            ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Discord:GuildId"] = FakeDiscord.GuildId,
            ["Discord:AlertChannelId"] = FakeDiscord.ChannelId,
        });
        var options = provider.GetRequiredService<DiscordOptions>();
        Assert.True(options.IsConfigured);
        Assert.Null(options.Validate());
        Assert.Equal(FakeDiscord.GuildId, options.GuildId);
        Assert.True(provider.GetServices<IAlertChannel>().Single().IsEnabled);
        Assert.Same(provider.GetRequiredService<IDiscordRestClient>(), provider.GetRequiredService<IDiscordRestClient>());

        // No command router in this container: the transport says so and does not connect.
        var transport = provider.GetRequiredService<DiscordTransport>();
        await transport.StartAsync(CancellationToken.None);
        await transport.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, fake.Gateway.Count);

        var delivered = await provider.GetServices<IAlertChannel>().Single().DeliverAsync(
            new ChatOpsTrader.Core.Alerts.Alert("a", DateTimeOffset.UtcNow, ChatOpsTrader.Core.Alerts.Severity.Sev3, "k", "t", "x", "y"), CancellationToken.None);
        Assert.True(delivered.Delivered, delivered.Detail);
    }

    [Theory]
    [InlineData("GuildId", "abc", "Discord:GuildId")]
    [InlineData("GuildId", "", "Discord:GuildId")]
    [InlineData("AlertChannelId", "#alerts", "Discord:AlertChannelId")]
    [InlineData("ApiBaseUrl", "discord.com", "Discord:ApiBaseUrl")]
    [InlineData("BotToken", "Bot abc.def", "Discord:BotToken")]
    public void Invalid_options_name_the_key_and_never_echo_the_token(string key, string value, string named)
    {
        var options = new DiscordOptions { BotToken = "abc.def-SECRET", GuildId = FakeDiscord.GuildId };
        typeof(DiscordOptions).GetProperty(key)!.SetValue(options, value);
        var error = options.Validate();
        Assert.NotNull(error);
        Assert.StartsWith($"Invalid configuration: {named} ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error, StringComparison.Ordinal);
        Assert.Equal(named, options.ValidationError()!.Value.Key);
    }
}
