using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Simulator;

public sealed class PaperExchangePersistenceTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly TempDirectory _dir = new();

    private string StateFile => _dir.File("state/paper.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_reloaded_exchange_has_the_same_positions_orders_cash_executions_and_ids()
    {
        PaperAccountSnapshot saved;
        PaperBracketIds bracket;
        long lastId;
        using (var exchange = Paper.Exchange(_clock, Paper.Quiet(StateFile) with { PartialFillProbability = 1 }))
        {
            exchange.Start();
            exchange.TryGetQuote("AAPL", out var quote);
            exchange.PlaceOrder(Paper.Market("MSFT", OrderSide.Buy, 3));
            exchange.PlaceOrder(new PaperOrderRequest("SPY", OrderSide.Sell, 2, OrderType.Limit, 999m) { ClientId = 5, OrderRef = "other" });
            bracket = exchange.PlaceBracket(
                new PaperOrderRequest("AAPL", OrderSide.Buy, 2, OrderType.Limit, Math.Round(quote.Bid * 0.9m, 2)) { ClientId = 1, OrderRef = "COT-p" },
                new PaperOrderRequest("AAPL", OrderSide.Sell, 2, OrderType.Limit, 500m) { ClientId = 1, OrderRef = "COT-p-TP" },
                new PaperOrderRequest("AAPL", OrderSide.Sell, 2, OrderType.Stop, StopPrice: 100m) { ClientId = 1, OrderRef = "COT-p-SL" });
            exchange.InjectPosition("TSLA", 4, 240m);
            lastId = bracket.StopLossId;
            saved = exchange.GetSnapshot();
        }

        using var reloaded = Paper.Exchange(_clock, Paper.Quiet(StateFile));
        var now = reloaded.GetSnapshot();

        Assert.Equal(saved.Account, now.Account);
        Assert.Equal(saved.Positions, now.Positions);
        Assert.Equal(saved.OpenOrders, now.OpenOrders);
        Assert.Equal(saved.Executions, now.Executions);
        Assert.Equal(saved.Quotes, now.Quotes);
        Assert.Equal(
            [PaperOrderStatus.Submitted, PaperOrderStatus.PreSubmitted, PaperOrderStatus.PreSubmitted],
            now.OpenOrders.Where(o => o.Symbol == "AAPL").Select(o => o.Status));
        Assert.True(reloaded.NextOrderId() > lastId);
        Assert.Equal(0, reloaded.LastCatchUp!.Steps);
    }

    [Fact]
    public void Every_order_change_is_on_disk_before_its_events_so_a_killed_process_loses_nothing()
    {
        var exchange = Paper.Exchange(_clock, Paper.Quiet(StateFile));
        string? fileAtEvent = null;
        exchange.Subscribe(e =>
        {
            if (e is PaperOrderExecuted && fileAtEvent is null)
                fileAtEvent = File.ReadAllText(StateFile);
        });

        var id = exchange.PlaceOrder(Paper.Market("NVDA", OrderSide.Buy, 2, "COT-k"));

        // No Dispose: as if the process were killed right now.
        Assert.Contains("COT-k", fileAtEvent, StringComparison.Ordinal);
        using var afterKill = Paper.Exchange(_clock, Paper.Quiet(StateFile));
        Assert.Equal(2, Assert.Single(afterKill.GetSnapshot().Positions).Quantity);
        Assert.Equal(id, Assert.Single(afterKill.GetSnapshot().Executions).OrderId);
        Assert.False(File.Exists(StateFile + ".tmp"));
        GC.KeepAlive(exchange);
    }

    [Fact]
    public void Only_the_newest_executions_go_to_the_state_file()
    {
        var options = Paper.Quiet(StateFile) with { MaxPersistedExecutions = 2 };
        IReadOnlyList<PaperExecution> all;
        using (var exchange = Paper.Exchange(_clock, options))
        {
            for (var i = 0; i < 4; i++)
                exchange.PlaceOrder(Paper.Market("AAPL", OrderSide.Buy, 1, $"COT-{i}"));
            all = exchange.GetSnapshot().Executions;
            Assert.Equal(4, all.Count);
        }

        using var reloaded = Paper.Exchange(_clock, options);

        Assert.Equal(all.Skip(2), reloaded.GetSnapshot().Executions);
        Assert.Equal(4, Assert.Single(reloaded.GetSnapshot().Positions).Quantity);
    }

    [Fact]
    public void Quote_only_changes_are_written_at_most_every_few_seconds()
    {
        using var exchange = Paper.Exchange(_clock, Paper.Quiet(StateFile));
        exchange.Start();
        var written = File.GetLastWriteTimeUtc(StateFile);
        var content = File.ReadAllText(StateFile);

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(content, File.ReadAllText(StateFile));

        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.NotEqual(content, File.ReadAllText(StateFile));
        Assert.True(File.GetLastWriteTimeUtc(StateFile) >= written);
    }

    [Fact]
    public void Catching_up_after_an_hour_down_fills_the_bracket_whose_stop_was_crossed_at_historical_times()
    {
        PaperBracketIds ids;
        DateTimeOffset downAt;
        using (var exchange = Paper.Exchange(_clock, Paper.Quiet(StateFile)))
        {
            exchange.Start();
            _clock.Advance(TimeSpan.FromSeconds(1));
            exchange.TryGetQuote("AAPL", out var quote);
            ids = exchange.PlaceBracket(
                new PaperOrderRequest("AAPL", OrderSide.Buy, 3, OrderType.Market) { ClientId = 1, OrderRef = "COT-c" },
                new PaperOrderRequest("AAPL", OrderSide.Sell, 3, OrderType.Limit, Math.Round(quote.Ask * 1.3m, 2)) { ClientId = 1, OrderRef = "COT-c-TP" },
                new PaperOrderRequest("AAPL", OrderSide.Sell, 3, OrderType.Stop, StopPrice: quote.Bid - 0.05m) { ClientId = 1, OrderRef = "COT-c-SL" });
            Assert.Equal(2, exchange.GetSnapshot().OpenOrders.Count);
            downAt = _clock.GetUtcNow();
        }

        _clock.SetUtcNow(downAt.AddHours(1));
        using var reloaded = Paper.Exchange(_clock, Paper.Quiet(StateFile), seed: 7);
        var log = new EventLog(reloaded);

        var report = reloaded.LastCatchUp!;
        Assert.Equal((downAt, 4 * 3600, false), (report.From, report.Steps, report.Capped));
        Assert.True(report.Executions >= 1);
        var snapshot = reloaded.GetSnapshot();
        Assert.Empty(snapshot.OpenOrders);
        Assert.Empty(snapshot.Positions);
        var stop = Assert.Single(snapshot.Executions, e => e.OrderId == ids.StopLossId);
        Assert.Equal((OrderSide.Sell, 3m, "COT-c-SL"), (stop.Side, stop.Quantity, stop.OrderRef));
        Assert.InRange(stop.Time, downAt.AddMilliseconds(250), downAt.AddHours(1));
        Assert.Equal(0, (stop.Time - downAt).Ticks % TimeSpan.FromMilliseconds(250).Ticks);
        Assert.DoesNotContain(snapshot.Executions, e => e.OrderId == ids.TakeProfitId);
        Assert.True(reloaded.TryGetOrder(ids.TakeProfitId, out var takeProfit));
        Assert.Equal(PaperOrderStatus.Cancelled, takeProfit!.Status);
        Assert.Equal(downAt.AddHours(1), snapshot.Quotes[0].Time);
        Assert.Empty(log.All); // nobody was listening while we were down: the results are state, not events
    }

    [Fact]
    public void Catching_up_is_capped_and_says_so()
    {
        using (var exchange = Paper.Exchange(_clock, Paper.Quiet(StateFile)))
            exchange.TryGetQuote("SPY", out _);
        var downAt = _clock.GetUtcNow();
        _clock.SetUtcNow(downAt.AddDays(3));

        using var reloaded = Paper.Exchange(_clock, Paper.Quiet(StateFile) with { MaxCatchUpSteps = 40 });

        Assert.Equal((40, true, downAt.AddSeconds(10)), (reloaded.LastCatchUp!.Steps, reloaded.LastCatchUp.Capped, reloaded.LastCatchUp.To));
    }

    [Fact]
    public void A_corrupt_state_file_is_kept_aside_and_a_new_account_opens_with_a_clear_log_line()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StateFile)!);
        File.WriteAllText(StateFile, "{\"version\":1,\"symbols\":[{\"symbol\":\"AAPL\",\"mid\":-3");
        var logger = new ListLogger<PaperExchange>();

        using var exchange = Paper.Exchange(_clock, Paper.Quiet(StateFile), logger: logger);

        var aside = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(StateFile)!, "paper.json.corrupt-*"));
        Assert.EndsWith(".corrupt-20261118150000", aside, StringComparison.Ordinal);
        Assert.StartsWith("{\"version\":1", File.ReadAllText(aside), StringComparison.Ordinal);
        var snapshot = exchange.GetSnapshot();
        Assert.Equal(100_000m, snapshot.Account.Cash);
        Assert.Empty(snapshot.Positions);
        Assert.Null(exchange.LastCatchUp);
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("kept aside", error.Message, StringComparison.Ordinal);
        Assert.Contains("NEW paper account", error.Message, StringComparison.Ordinal);

        // The fresh account is written at once and loads cleanly.
        using var again = Paper.Exchange(_clock, Paper.Quiet(StateFile));
        Assert.NotNull(again.LastCatchUp);
    }

    [Fact]
    public void A_state_file_with_impossible_values_is_treated_as_corrupt()
    {
        using (Paper.Exchange(_clock, Paper.Quiet(StateFile)))
        {
        }

        File.WriteAllText(StateFile, File.ReadAllText(StateFile).Replace("\"nextOrderId\":1,", "\"nextOrderId\":-5,", StringComparison.Ordinal));

        using var exchange = Paper.Exchange(_clock, Paper.Quiet(StateFile));

        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(StateFile)!, "paper.json.corrupt-*"));
        Assert.Null(exchange.LastCatchUp);
    }
}
