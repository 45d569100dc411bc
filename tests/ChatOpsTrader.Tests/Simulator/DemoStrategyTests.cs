using System.Text.RegularExpressions;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Demo;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Simulator;

public class DemoStrategyTests
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "NVDA", "SPY", "TSLA"];
    private readonly ManualTimeProvider _clock = new();
    private readonly FakeMarketView _market = new();

    public DemoStrategyTests() => RefreshQuotes();

    private void RefreshQuotes() =>
        _market.SetQuotes(_clock.GetUtcNow(), ("AAPL", 190m), ("MSFT", 410m), ("NVDA", 125m), ("SPY", 560m), ("TSLA", 240m));

    private DemoStrategy Demo(FakeOrderGate gate, DemoStrategyOptions? options = null, int seed = 3) =>
        new(gate, _market, options ?? new DemoStrategyOptions(), _clock, new Random(seed));

    [Fact]
    public async Task Every_few_seconds_it_opens_a_small_bracketed_position_in_a_flat_symbol()
    {
        var gate = new FakeOrderGate();
        await using var demo = Demo(gate);
        await demo.StartAsync(CancellationToken.None);

        for (var i = 0; i < 7; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(3));
            RefreshQuotes();
        }

        Assert.Equal(7, gate.Calls.Count);
        Assert.Equal(7, gate.Calls.Select(c => c.Intent.IdempotencyKey).Distinct().Count());
        Assert.True(gate.Calls.Select(c => c.Intent.Symbol).Distinct().Count() > 1);
        Assert.True(gate.Calls.Select(c => c.Intent.Side).Distinct().Count() > 1);
        foreach (var (intent, _) in gate.Calls)
        {
            Assert.Equal(("demo", OrderType.Market, OrderOrigin.Strategy), (intent.Strategy, intent.Type, intent.Origin));
            Assert.Matches(new Regex("^demo-2026111815\\d{4}-\\d+-[0-9a-f]{6}$"), intent.IdempotencyKey);
            Assert.InRange(intent.Quantity, 1, 5);
            Assert.True(intent.HasBracket);
            var quote = _market.Quotes[intent.Symbol];
            var entry = intent.Side == OrderSide.Buy ? quote.Ask : quote.Bid;
            var sign = intent.Side.Sign();
            Assert.InRange(sign * (intent.TakeProfit!.Value / entry - 1) * 100, 0.19m, 0.41m);
            Assert.InRange(sign * (1 - intent.StopLoss!.Value / entry) * 100, 0.19m, 0.41m);
        }
    }

    [Fact]
    public async Task It_never_enters_a_symbol_with_a_position_or_a_working_order_or_a_stale_quote()
    {
        var gate = new FakeOrderGate();
        await using var demo = Demo(gate, new DemoStrategyOptions { RejectDemoEvery = 0 });
        _market.Positions["AAPL"] = 3;
        _market.Positions["MSFT"] = -2;
        _market.Working["NVDA"] = 1;
        _market.Quotes["SPY"] = _market.Quotes["SPY"] with { Time = _clock.GetUtcNow().AddMinutes(-1) };

        for (var i = 0; i < 6; i++)
            await demo.DecideAsync(CancellationToken.None);

        Assert.Equal(6, gate.Calls.Count);
        Assert.All(gate.Calls, c => Assert.Equal("TSLA", c.Intent.Symbol));

        _market.Positions["TSLA"] = 1;
        Assert.Null(await demo.DecideAsync(CancellationToken.None));
        Assert.Equal(6, gate.Calls.Count);
    }

    [Fact]
    public async Task Every_eighth_decision_sends_an_order_the_safety_core_refuses_alternating_oversized_and_repeated()
    {
        var gate = new FakeOrderGate(intent => intent.Quantity > 10
            ? FakeOrderGate.Refuse(intent, PreflightRule.MaxPosition, "max 10")
            : FakeOrderGate.Accept(intent, 1));
        var previous = (OrderIntent?)null;
        await using var demo = Demo(gate);

        for (var i = 1; i <= 32; i++)
        {
            var result = await demo.DecideAsync(CancellationToken.None);
            var intent = gate.Calls[^1].Intent;
            if (i % 8 != 0)
            {
                Assert.True(result!.Accepted);
                previous = intent;
                continue;
            }

            if (intent.Quantity == 20)
            {
                Assert.Equal(PreflightRule.MaxPosition, result!.Rule);
                Assert.True(intent.HasBracket);
            }
            else
            {
                // Same content as the order before it, under a new key (the same key would only replay the answer).
                Assert.Equal(previous! with { IdempotencyKey = intent.IdempotencyKey }, intent);
                Assert.NotEqual(previous!.IdempotencyKey, intent.IdempotencyKey);
            }
        }

        var deliberate = gate.Calls.Where((_, i) => (i + 1) % 8 == 0).Select(c => c.Intent.Quantity).ToList();
        Assert.Equal(4, deliberate.Count);
        Assert.Contains(20, deliberate);
        Assert.Contains(deliberate, q => q <= 5);
    }

    [Fact]
    public async Task A_throwing_gate_is_logged_and_the_strategy_keeps_deciding()
    {
        var gate = new FakeOrderGate { Throw = new InvalidOperationException("engine busy") };
        await using var demo = Demo(gate);
        await demo.StartAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(gate.Calls);
        Assert.True(demo.IsRunning);

        gate.Throw = null;
        RefreshQuotes();
        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Single(gate.Calls);
    }

    [Fact]
    public async Task After_a_refusal_for_the_trading_state_it_waits_before_trying_again()
    {
        var halted = true;
        var gate = new FakeOrderGate(intent => halted
            ? FakeOrderGate.Refuse(intent, PreflightRule.Halted, "trading is halted")
            : FakeOrderGate.Accept(intent, 1));
        await using var demo = Demo(gate, new DemoStrategyOptions { RejectDemoEvery = 0 });

        Assert.False((await demo.DecideAsync(CancellationToken.None))!.Accepted);
        halted = false;
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(await demo.DecideAsync(CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(11));
        RefreshQuotes();
        Assert.True((await demo.DecideAsync(CancellationToken.None))!.Accepted);
        Assert.Equal(2, gate.Calls.Count);
    }

    [Fact]
    public async Task A_disabled_demo_does_nothing_and_stop_ends_the_decisions()
    {
        var gate = new FakeOrderGate();
        await using (var disabled = Demo(gate, new DemoStrategyOptions { Enabled = false }))
        {
            await disabled.StartAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(10));
            Assert.False(disabled.IsRunning);
        }

        Assert.Empty(gate.Calls);
        RefreshQuotes();
        await using var demo = Demo(gate);
        await demo.StartAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(3));
        await demo.StopAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(gate.Calls);
        Assert.Equal("demo", demo.Name);
    }

    [Fact]
    public async Task On_the_paper_exchange_a_new_user_sees_positions_winners_losers_and_a_refusal_within_a_minute()
    {
        var bothWithinAMinute = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var clock = new ManualTimeProvider();
            using var exchange = new PaperExchange(new PaperExchangeOptions(), clock, new Random(seed));
            var gate = new ExchangeGate(exchange, clock);
            await using var demo = new DemoStrategy(gate, gate, new DemoStrategyOptions(), clock, new Random(seed + 100));
            exchange.Start();
            await demo.StartAsync(CancellationToken.None);

            clock.Advance(TimeSpan.FromSeconds(60));

            var executions = exchange.GetSnapshot().Executions;
            var winners = executions.Count(e => e.OrderRef.EndsWith("-TP", StringComparison.Ordinal));
            var losers = executions.Count(e => e.OrderRef.EndsWith("-SL", StringComparison.Ordinal));
            Assert.True(gate.Calls.Count(c => c.Result.Accepted) >= 5, $"seed {seed}: few entries");
            Assert.Contains(gate.Calls, c => !c.Result.Accepted && c.Result.Rule is PreflightRule.MaxPosition or PreflightRule.Duplicate);
            if (winners > 0 && losers > 0)
                bothWithinAMinute++;
        }

        Assert.True(bothWithinAMinute >= 8, $"only {bothWithinAMinute} of 10 runs showed both a winner and a loser within a minute");
    }
}
