namespace ChatOpsTrader.Host.Drills.Catalogue;

/// <summary>
/// Seeds, notification failure: "the alert channel itself fails: notice, say so where it can still be seen, lose
/// nothing, deliver what was missed when it is back".
/// </summary>
public sealed class AlertChannelDownDrill : Drill
{
    private FakeTelegramApi? _telegram;

    /// <inheritdoc />
    public override string Name => "alert-channel-down";

    /// <inheritdoc />
    public override string Injects => "the Telegram Bot API starts answering 502 to every message (a local stand-in for Telegram)";

    /// <inheritdoc />
    public override string Expected => "the bot notices after two failed deliveries (Alerts__FailuresBeforeDown=2), raises 'alert channel down: telegram' on the channels still working (the web console and log), keeps the SEV1 it could not deliver, and delivers it when Telegram is back";

    /// <inheritdoc />
    public override TimeSpan TimeLimit => TimeSpan.FromSeconds(100);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Demo__Enabled"] = "false",
        ["Telegram__BotToken"] = "4242:drill-token-not-a-secret-000000000",
        ["Telegram__ApiBaseUrl"] = Telegram.BaseUrl,
        ["Telegram__AlertChatIds__0"] = "1001",
        ["Telegram__PollTimeoutSeconds"] = "1",
        ["Alerts__ProbeIntervalSeconds"] = "5",
        ["Alerts__FailuresBeforeDown"] = "2",
    };

    private FakeTelegramApi Telegram => _telegram ?? throw new InvalidOperationException("the Telegram stand-in is not started");

    /// <inheritdoc />
    public override async Task PrepareAsync() => _telegram = await FakeTelegramApi.StartAsync();

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_telegram is not null)
            await _telegram.DisposeAsync();
    }

    /// <inheritdoc />
    public override async Task RunAsync(DrillSession session)
    {
        var test = await session.Bot.CommandAsync("/test_notify", session.CancellationToken);
        await session.WaitForAsync("Telegram works before the outage (/test_notify delivered)", TimeSpan.FromSeconds(10), _ =>
            Task.FromResult(Telegram.Messages.Count > 0 ? "delivered" : null));
        session.Note("/test_notify: " + test.GetProperty("text").GetString());

        Telegram.Failing = true;
        session.Inject("Telegram answers 502 to every sendMessage");
        await session.Bot.CommandAsync("/halt drill: alert channel down", session.CancellationToken);
        session.Note("/halt: a SEV1 that Telegram cannot take");
        foreach (var symbol in new[] { "AAPL", "MSFT" })
            await session.SubmitOrderAsync("drill-" + symbol, new { symbol, side = "buy", quantity = 1, type = "market" });
        session.Note("two orders refused while halted: two more alerts for Telegram");
        if (await session.WaitForAlertAsync(Core.Alerts.AlertKeys.AlertChannelDownPrefix + "telegram", TimeSpan.FromSeconds(60)) is not null)
            session.Detected("'alert channel down: telegram' on the web console");
        var before = Telegram.Messages.Count;

        var fixedAt = session.Elapsed;
        Telegram.Failing = false;
        session.Note("Telegram answers again");
        if (await session.WaitForAsync("the missed SEV1 (Trading HALTED) reaches Telegram once it is back", TimeSpan.FromSeconds(30), _ =>
                Task.FromResult(Telegram.Messages.Skip(before).FirstOrDefault(m => m.Contains("HALTED", StringComparison.Ordinal)))) is not null)
        {
            session.Recovered("the missed SEV1 delivered to Telegram", fixedAt);
        }
        session.Check(Telegram.Failures >= 3, "deliveries were really tried during the outage", $"{Telegram.Failures} refused sendMessage calls");
    }
}
