using ChatOpsTrader.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChatOpsTrader.Tests.Host;

public class ConfigurationTests
{
    private static ChatOpsSettings Load(params (string Key, string Value)[] values) =>
        ChatOpsSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Defaults_are_the_seeds_values()
    {
        var settings = Load();
        Assert.Equal(10m, settings.Engine.Limits.MaxPositionPerSymbol);
        Assert.Equal(50_000m, settings.Engine.Limits.MaxOrderNotional);
        Assert.Equal(100, settings.Engine.Limits.MaxOrdersPerDay);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Engine.Limits.MinOrderInterval);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.Engine.ResumePolicy.MinimumHaltDuration);
        Assert.Equal(["AAPL", "MSFT", "NVDA", "SPY", "TSLA"], settings.Broker.Symbols);
    }

    [Theory]
    [InlineData("Risk:MaxOrderNotional", "-5", "Risk:MaxOrderNotional")]
    [InlineData("Risk:MaxOrderNotional", "lots", "Risk")]
    [InlineData("Risk:LossBreachAction", "Panic", "Risk:LossBreachAction")]
    [InlineData("Schedule:TimeZone", "Mars/Olympus", "Schedule:TimeZone")]
    [InlineData("Schedule:DailyResetTime", "25:00", "Schedule:DailyResetTime")]
    [InlineData("Schedule:Holidays:0", "someday", "Schedule:Holidays:0")]
    [InlineData("Schedule:MarketOpen", "9.30", "Schedule:MarketOpen")]
    [InlineData("Schedule:MarketClose", "08:00", "Schedule:MarketClose")]
    [InlineData("Telegram:Users:0:Id", "@alice", "Telegram:Users:0:Id")]
    [InlineData("Discord:Users:0:Role", "god", "Discord:Users:0:Role")]
    [InlineData("Web:Token", "short", "Web:Token")]
    [InlineData("Broker:Kind", "Magic", "Broker:Kind")]
    [InlineData("Paper:RejectProbability", "2", "Paper:RejectProbability")]
    [InlineData("Telegram:AlertChatIds:0", "@mychannel", "Telegram:AlertChatIds:0")]
    [InlineData("Telegram:BotToken", "not-a-token", "Telegram:BotToken")]
    [InlineData("Risk:MarginCushionWarnPercent", "120", "Risk:MarginCushionWarnPercent")]
    [InlineData("Risk:MarginCushionCriticalPercent", "10", "Risk:MarginCushionCriticalPercent")]
    [InlineData("Risk:MarginCushionHysteresisPercent", "-1", "Risk:MarginCushionHysteresisPercent")]
    [InlineData("Risk:MaxSlippageBps", "-3", "Risk:MaxSlippageBps")]
    public void Invalid_configuration_names_the_key(string key, string value, string named)
    {
        var withId = key.StartsWith("Discord:Users", StringComparison.Ordinal) ? new[] { (key, value), ("Discord:Users:0:Id", "123") } : new[] { (key, value) };
        var error = Assert.Throws<ConfigurationError>(() => Load(withId));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_and_slippage_watches_default_on_and_can_be_turned_off()
    {
        var defaults = Load();
        Assert.Equal(new ChatOpsTrader.Core.Risk.MarginThresholds(0.10m, 0.05m, 0.02m), defaults.Engine.Margin);
        Assert.Equal(50m, defaults.Engine.MaxSlippageBps);

        var off = Load(("Risk:MarginCushionWarnPercent", "0"), ("Risk:MaxSlippageBps", "0"));
        Assert.Null(off.Engine.Margin);
        Assert.Null(off.Engine.MaxSlippageBps);
        var custom = Load(("Risk:MarginCushionWarnPercent", "20"), ("Risk:MarginCushionCriticalPercent", "8"), ("Risk:MarginCushionHysteresisPercent", "1"));
        Assert.Equal(new ChatOpsTrader.Core.Risk.MarginThresholds(0.20m, 0.08m, 0.01m), custom.Engine.Margin);
    }

    [Fact]
    public void Users_are_numeric_ids_with_roles()
    {
        var settings = Load(("Telegram:Users:0:Id", "42"), ("Telegram:Users:0:Role", "operator"), ("Discord:Users:0:Id", "99"), ("Discord:Users:0:Role", "Admin"));
        Assert.Contains(("telegram", "42", ChatOpsTrader.Chat.Commands.Role.Operator), settings.Users);
        Assert.Contains(("discord", "99", ChatOpsTrader.Chat.Commands.Role.Admin), settings.Users);
    }

    [Fact]
    public void Dot_env_is_read_with_comments_quotes_and_export_and_real_environment_wins()
    {
        var path = Path.Combine(Path.GetTempPath(), "chatops-env-" + Guid.NewGuid().ToString("N"));
        var key = "CHATOPS_TEST_" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllLines(path,
        [
            "# comment",
            "Risk__DailyLossLimit=750",
            "export Web__Urls=\"http://127.0.0.1:6000\"",
            "Telegram__BotToken='abc:def'",
            $"{key}=from-file",
            "not a setting",
        ]);
        Environment.SetEnvironmentVariable(key, "from-environment");
        try
        {
            var values = DotEnv.Read(path);
            Assert.Equal("750", values["Risk:DailyLossLimit"]);
            Assert.Equal("http://127.0.0.1:6000", values["Web:Urls"]);
            Assert.Equal("abc:def", values["Telegram:BotToken"]);
            Assert.False(values.ContainsKey(key));
            Assert.Empty(DotEnv.Read(path + ".missing"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(key, null);
            File.Delete(path);
        }
    }
}
