using System.Globalization;
using System.Text.RegularExpressions;
using ChatOpsTrader.Host.Drills;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Host;

/// <summary>
/// Issue 4 acceptance: kill the process while alerts are pending; after the restart they are delivered with their
/// original times, and a crash alert says the previous run ended uncleanly.
/// </summary>
[Collection("host")]
public partial class PendingAlertsAfterKillTests
{
    [Fact]
    public async Task Alerts_pending_at_a_sigkill_are_delivered_after_the_restart_with_their_original_time_and_a_crash_alert()
    {
        await using var telegram = await FakeTelegramApi.StartAsync();
        telegram.Failing = true;
        var environment = new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = "4242:test-token-not-a-secret-0000000000",
            ["Telegram__ApiBaseUrl"] = telegram.BaseUrl,
            ["Telegram__AlertChatIds__0"] = "1001",
            ["Telegram__PollTimeoutSeconds"] = "1",
        };
        await using var host = new HostProcess(environment: environment);
        await host.StartHealthyAsync();

        var haltedAt = DateTimeOffset.UtcNow;
        await host.CommandAsync("/halt pending alert test");
        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(telegram.Failures > 0), seconds: 20);
        host.Kill();

        telegram.Failing = false;
        await using var restarted = new HostProcess(host.WorkDirectory, environment);
        // The same data folder and database as before the kill.
        restarted.Environment["Storage__Path"] = host.DatabasePath;
        await restarted.StartHealthyAsync();

        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(telegram.Messages.Any(m => m.Contains("HALTED", StringComparison.Ordinal))), seconds: 60);
        var halted = telegram.Messages.First(m => m.Contains("HALTED", StringComparison.Ordinal));
        var stamp = DateTimeOffset.ParseExact(UtcStamp().Match(halted).Value, "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(stamp, haltedAt.AddSeconds(-2), haltedAt.AddSeconds(5)); // its own time, not the time of the restart
        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(telegram.Messages.Any(m => m.Contains("uncleanly", StringComparison.Ordinal))), seconds: 30);
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC")]
    private static partial Regex UtcStamp();
}
