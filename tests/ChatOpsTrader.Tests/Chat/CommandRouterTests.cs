using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Chat;

public class CommandRouterTests
{
    private static readonly Caller Viewer = new("telegram", "10");
    private static readonly Caller Operator = new("telegram", "20");
    private static readonly Caller Admin = new("discord", "30");
    private static readonly Caller OtherAdmin = new("discord", "31");
    private static readonly Caller Stranger = new("telegram", "999");

    private static (EngineHarness Harness, CommandRouter Router) Create(EngineHarness h)
    {
        var users = new ConfiguredUserDirectory([("telegram", "10", Role.Viewer), ("telegram", "20", Role.Operator), ("discord", "30", Role.Admin), ("discord", "31", Role.Admin)]);
        var router = new CommandRouter(h.Engine, h.Journal, h.Notifier, users, new ConfirmationStore(h.Time), h.Time, NullLogger<CommandRouter>.Instance);
        return (h, router);
    }

    [Fact]
    public async Task Unknown_users_get_no_reply_and_are_audited_and_alerted_after_repeated_attempts()
    {
        await using var harness = await new EngineHarness().StartAsync();
        var (h, router) = Create(harness);
        for (var i = 0; i < CommandRouter.UnknownAttemptsAlertThreshold; i++)
            Assert.Null(await router.ExecuteAsync(Stranger, "/halt", CancellationToken.None));
        await h.IdleAsync();

        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
        Assert.Equal(3, h.Journal.All<AuditRecordedRecord>().Count(a => a.Entry.UserId == "999" && a.Entry.Outcome == "denied"));
        Assert.Contains(h.Notifier.Alerts, a => a.Key == "unauthorized:telegram:999");
    }

    [Fact]
    public async Task A_viewer_cannot_halt_and_is_told_which_role_is_needed()
    {
        await using var harness = await new EngineHarness().StartAsync();
        var (h, router) = Create(harness);
        var reply = await router.ExecuteAsync(Viewer, "/halt", CancellationToken.None);
        Assert.Contains("operator", reply!.ToText(), StringComparison.Ordinal);
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
    }

    [Fact]
    public async Task Halt_then_resume_the_same_day_is_refused_with_the_policy_named()
    {
        await using var harness = await new EngineHarness().StartAsync();
        var (h, router) = Create(harness);
        var halt = await router.ExecuteAsync(Operator, "/halt testing", CancellationToken.None);
        Assert.Equal(ReplySeverity.Danger, halt!.Severity);
        Assert.Equal("testing", h.Engine.Snapshot.Status.Reason);

        var resume = await router.ExecuteAsync(Admin, "/resume all clear", CancellationToken.None);
        Assert.Contains("resume.minimum-halt", resume!.ToText(), StringComparison.Ordinal);
        h.Time.Advance(TimeSpan.FromMinutes(31));
        resume = await router.ExecuteAsync(Admin, "/resume all clear", CancellationToken.None);
        Assert.Contains("resume.same-trading-day", resume!.ToText(), StringComparison.Ordinal);
        Assert.Null(resume.ConfirmationId);
    }

    [Fact]
    public async Task Flatten_shows_a_preview_and_only_the_requester_can_confirm_once()
    {
        await using var harness = await new EngineHarness().StartAsync();
        var (h, router) = Create(harness);
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("a", "s1", "AAPL", OrderSide.Buy, 3, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        await h.IdleAsync();
        h.Broker.FillMarketOrders = true;

        var preview = await router.ExecuteAsync(Admin, "/flatten", CancellationToken.None);
        Assert.NotNull(preview!.ConfirmationId);
        Assert.Contains("SELL", preview.ToText(), StringComparison.Ordinal);
        Assert.Contains("AAPL", preview.ToText(), StringComparison.Ordinal);
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);

        var stolen = await router.ExecuteAsync(OtherAdmin, $"/confirm {preview.ConfirmationId}", CancellationToken.None);
        Assert.Contains("belongs to the person", stolen!.ToText(), StringComparison.Ordinal);

        var done = await router.ExecuteAsync(Admin, $"/confirm {preview.ConfirmationId}", CancellationToken.None);
        Assert.Contains("FLAT", done!.ToText(), StringComparison.Ordinal);
        Assert.Equal(TradingState.Halted, h.Engine.Snapshot.Status.State);
        Assert.Empty(h.Broker.Positions);

        var again = await router.ExecuteAsync(Admin, $"/confirm {preview.ConfirmationId}", CancellationToken.None);
        Assert.Contains("already used", again!.ToText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/nope")]
    [InlineData("/trades sideways")]
    [InlineData("/cancel banana")]
    [InlineData("/audit 0")]
    [InlineData("/pnl decade")]
    [InlineData("/confirm")]
    public async Task Bad_input_gets_a_clear_reply_and_changes_nothing(string text)
    {
        await using var harness = await new EngineHarness().StartAsync();
        var (h, router) = Create(harness);
        var before = h.Engine.Snapshot.Status;
        var reply = await router.ExecuteAsync(Admin, text, CancellationToken.None);
        Assert.Equal(ReplySeverity.Warning, reply!.Severity);
        Assert.Equal(before, h.Engine.Snapshot.Status);
        Assert.Empty(h.Broker.Placed);
    }

    [Fact]
    public async Task Status_shows_the_brokers_margin_cushion_against_the_levels_or_says_it_has_none_yet()
    {
        await using var harness = await new EngineHarness().StartAsync();
        var (h, router) = Create(harness);
        var before = await router.ExecuteAsync(Viewer, "/status", CancellationToken.None);
        Assert.Contains("Margin: not reported by the broker yet", before!.Lines);

        h.Broker.Push(new AccountValuesReceived(h.Time.GetUtcNow(), 100_000m, 23_450m, 40_000m));
        await h.IdleAsync();
        h.Time.Advance(TimeSpan.FromSeconds(12));
        var after = await router.ExecuteAsync(Viewer, "/status", CancellationToken.None);
        Assert.Contains(
            "Margin: cushion 23.5% (excess liquidity $23,450.00 of net liquidation $100,000.00, maintenance $40,000.00; 12 s ago); warning below 10.0%, closing-only below 5.0%",
            after!.Lines);
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/positions")]
    [InlineData("/orders")]
    [InlineData("/trades losers")]
    [InlineData("/trades 5")]
    [InlineData("/pnl week")]
    [InlineData("/limits")]
    [InlineData("/help")]
    [InlineData("/whoami")]
    public async Task Read_commands_answer_a_viewer(string text)
    {
        await using var harness = await new EngineHarness().StartAsync();
        var (_, router) = Create(harness);
        var reply = await router.ExecuteAsync(Viewer, text, CancellationToken.None);
        Assert.NotNull(reply);
        Assert.NotEqual(ReplySeverity.Warning, reply!.Severity);
        Assert.False(string.IsNullOrWhiteSpace(reply.ToText()));
    }

    [Fact]
    public async Task Raising_a_limit_needs_a_confirmation_and_lowering_applies_at_once_and_both_survive_a_restart()
    {
        var journal = new InMemoryJournal();
        await using (var harness = await new EngineHarness(journal).StartAsync())
        {
            var (h, router) = Create(harness);
            var denied = await router.ExecuteAsync(Operator, "/limits set daily-loss 5000", CancellationToken.None);
            Assert.Contains("needs the admin role", denied!.ToText(), StringComparison.Ordinal);

            var preview = await router.ExecuteAsync(Admin, "/limits set daily-loss 5000", CancellationToken.None);
            Assert.NotNull(preview!.ConfirmationId);
            Assert.Equal(1_000m, h.Engine.Limits.DailyLossLimit);
            var confirmed = await router.ExecuteAsync(Admin, $"/confirm {preview.ConfirmationId}", CancellationToken.None);
            Assert.Contains("1000 -> 5000", confirmed!.ToText(), StringComparison.Ordinal);
            Assert.Equal(5_000m, h.Engine.Limits.DailyLossLimit);

            var lowered = await router.ExecuteAsync(Admin, "/limits set max-position 4", CancellationToken.None);
            Assert.Null(lowered!.ConfirmationId);
            Assert.Equal(4m, h.Engine.Limits.MaxPositionPerSymbol);
            await h.QuotesAsync();
            var refused = await h.Engine.SubmitAsync(new OrderIntent("big", "s1", "AAPL", OrderSide.Buy, 5, OrderType.Market), CancellationToken.None);
            Assert.Equal(ChatOpsTrader.Core.Risk.PreflightRule.MaxPosition, refused.Rule);
        }

        await using var restarted = await new EngineHarness(journal).StartAsync();
        Assert.Equal(5_000m, restarted.Engine.Limits.DailyLossLimit);
        Assert.Equal(4m, restarted.Engine.Limits.MaxPositionPerSymbol);
    }

    [Theory]
    [InlineData("/limits set")]
    [InlineData("/limits set nonsense 5")]
    [InlineData("/limits set daily-loss -5")]
    [InlineData("/limits set daily-loss lots")]
    [InlineData("/limits set orders-per-day 10.5")]
    public async Task Bad_limit_changes_are_refused_clearly_and_change_nothing(string text)
    {
        await using var harness = await new EngineHarness().StartAsync();
        var (h, router) = Create(harness);
        var reply = await router.ExecuteAsync(Admin, text, CancellationToken.None);
        Assert.Equal(ReplySeverity.Warning, reply!.Severity);
        Assert.Equal(ChatOpsTrader.Core.Risk.RiskLimits.Default, h.Engine.Limits);
    }

    [Fact]
    public async Task Help_lists_only_what_the_role_may_use()
    {
        await using var harness = await new EngineHarness().StartAsync();
        var (_, router) = Create(harness);
        var viewerHelp = (await router.ExecuteAsync(Viewer, "/help", CancellationToken.None))!.ToText();
        var adminHelp = (await router.ExecuteAsync(Admin, "/help", CancellationToken.None))!.ToText();
        Assert.DoesNotContain("/flatten", viewerHelp, StringComparison.Ordinal);
        Assert.Contains("/flatten", adminHelp, StringComparison.Ordinal);
    }
}
