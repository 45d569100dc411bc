using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Host.Jobs;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Host;

public class DailySummaryTests
{
    private sealed class Channel : IAlertChannel
    {
        public List<Alert> Got { get; } = [];

        public string Name => "telegram";

        public bool IsEnabled => true;

        public Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            Got.Add(alert);
            return Task.FromResult(AlertDelivery.Ok());
        }
    }

    private static CommandRouter Router(EngineHarness h) =>
        new(h.Engine, h.Journal, h.Notifier, new ConfiguredUserDirectory([]), new ConfirmationStore(h.Time), h.Time, NullLogger<CommandRouter>.Instance);

    private static async Task TradeAsync(EngineHarness h, string key, decimal entry, decimal exit)
    {
        await h.QuotesAsync(aapl: entry);
        await h.Engine.SubmitAsync(new OrderIntent(key + "-in", "bot", "AAPL", OrderSide.Buy, 2, OrderType.Limit, LimitPrice: entry), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[^1], entry);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.QuotesAsync(aapl: exit);
        await h.Engine.SubmitAsync(new OrderIntent(key + "-out", "bot", "AAPL", OrderSide.Sell, 2, OrderType.Limit, LimitPrice: exit), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[^1], exit);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.IdleAsync();
    }

    [Fact]
    public async Task The_summary_has_pnl_against_limits_trades_losers_winners_incidents_state_and_uptime()
    {
        // Friday 2026-11-20 15:00 New York.
        await using var h = await new EngineHarness(time: new ManualTimeProvider(new DateTimeOffset(2026, 11, 20, 20, 0, 0, TimeSpan.Zero))).StartAsync();
        await TradeAsync(h, "loss", 190m, 188m);
        await TradeAsync(h, "win", 188m, 192m);
        await h.Engine.HaltAsync(EngineHarness.Operator, "end of day", CancellationToken.None);

        var text = (await Router(h).BuildDailySummaryAsync(CancellationToken.None)).ToText();

        Assert.Contains("Daily summary 2026-11-20", text, StringComparison.Ordinal);
        Assert.Contains("of the $1,000.00 daily limit", text, StringComparison.Ordinal);
        Assert.Contains("weekly limit", text, StringComparison.Ordinal);
        Assert.Contains("Trades closed: 2 (1 winners, 1 losers)", text, StringComparison.Ordinal);
        Assert.Contains("Worst losers", text, StringComparison.Ordinal);
        Assert.Contains("Best winners", text, StringComparison.Ordinal);
        Assert.Contains("1 opened", text, StringComparison.Ordinal);
        Assert.Contains("State: Halted", text, StringComparison.Ordinal);
        Assert.Contains("Alive since", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_sends_on_trading_days_and_not_on_weekends()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 20, 21, 15, 0, TimeSpan.Zero)); // Friday 16:15 New York
        await using var h = await new EngineHarness(time: time).StartAsync();
        var channel = new Channel();
        var job = new DailySummaryJob(h.Engine, Router(h), new LogNotifier(NullLogger<LogNotifier>.Instance), [channel], time, NullLogger<DailySummaryJob>.Instance);

        await job.Execute(null!, CancellationToken.None);
        Assert.Single(channel.Got);
        Assert.StartsWith("Daily summary", channel.Got[0].Title, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromDays(1)); // Saturday
        await job.Execute(null!, CancellationToken.None);
        Assert.Single(channel.Got);
    }
}
