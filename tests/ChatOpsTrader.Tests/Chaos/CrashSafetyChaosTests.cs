using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Tests.Storage;
using ChatOpsTrader.Tests.Support;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Chaos;

/// <summary>
/// Crash safety (issue 7): one bot process after another on the same data folder, against one TWS-protocol simulator
/// owned by the test (so the broker outlives every SIGKILL). Each run restarts the bot, checks what the last kill left
/// behind, then fires an order-heavy burst over <c>POST /api/orders</c> (idempotency keys, some sent twice at once) and
/// SIGKILLs the bot at a random moment; in some runs a <c>/halt</c> is acknowledged just before the kill.
/// </summary>
/// <remarks>
/// After every restart and <c>/reconcile</c>: every execution the exchange ever had is in the bot's journal and the
/// journal has none the exchange does not (no lost fill, no phantom); the journal's fills add up to the exchange's
/// positions and <c>GET /api/positions</c> shows no mismatch; every orderRef (one per idempotency key) reached the
/// exchange at most once, and a key answered before the kill answers the same, replayed, when retried; a halt that
/// was acknowledged is still in force. Runs: <c>CHAOS_CRASH_RUNS</c> (default 50); seed: <c>CHAOS_SEED</c>.
/// </remarks>
[Collection(nameof(ChaosCollection))]
public sealed class CrashSafetyChaosTests(ITestOutputHelper output)
{
    private const string Strategy = "api-test";
    private static readonly string[] Symbols = ["AAPL", "MSFT", "NVDA", "SPY", "TSLA"];
    private static readonly TimeSpan RequestLimit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Sigkill_at_random_moments_loses_no_fill_duplicates_no_order_and_never_loses_a_halt()
    {
        var runs = ChaosSettings.CrashRuns;
        var seed = ChaosSettings.Seed;
        output.WriteLine($"crash safety: {runs} runs, seed {seed} (set CHAOS_CRASH_RUNS / CHAOS_SEED to change)");
        var rng = new Random(seed);
        var watch = Stopwatch.StartNew();

        await using var broker = await ChaosBroker.StartAsync(seed, masterClientId: 1, partialFillProbability: 0.3, TimeSpan.FromMilliseconds(50));
        await using var bot = new HostProcess(environment: BotSettings(broker.Port));
        var stats = new CrashStats();
        List<Submission> previous = [];
        var haltAcknowledged = false;

        for (var run = 1; run <= runs; run++)
        {
            var startedIn = await bot.StartHealthyAsync(TimeSpan.FromSeconds(30));
            stats.Restarts.Add(startedIn);
            if (run > 1)
                await CheckAfterRestartAsync(bot, broker, previous, haltAcknowledged, run, stats);

            var burst = Plan(rng, run, broker);
            haltAcknowledged = await BurstAndKillAsync(bot, burst, rng, stats);
            previous = burst;
        }

        await bot.StartHealthyAsync(TimeSpan.FromSeconds(30));
        await CheckAfterRestartAsync(bot, broker, previous, haltAcknowledged, runs + 1, stats);

        output.WriteLine(stats.Render(watch.Elapsed, broker));
        Assert.Equal(runs, stats.Kills);
        Assert.True(broker.Executions.Count > runs, $"the session must be order-heavy: only {broker.Executions.Count} executions in {runs} runs");
    }

    /// <summary>The bot on the test's TWS, with limits opened so an order-heavy burst is not refused for pacing or size.</summary>
    private static Dictionary<string, string> BotSettings(int port) => new()
    {
        ["Broker__Kind"] = "Tws",
        ["Tws__Host"] = "127.0.0.1",
        ["Tws__Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Tws__ClientId"] = "1",
        ["Schedule__AlwaysOpen"] = "true",
        ["Risk__MinOrderIntervalSeconds"] = "0",
        ["Risk__MaxOrdersPerDay"] = "100000",
        ["Risk__DuplicateWindowSeconds"] = "0",
        ["Risk__MaxWorkingOrders"] = "500",
        ["Risk__MaxPositionPerSymbol"] = "100000",
        ["Risk__MaxOrderNotional"] = "1000000",
        ["Risk__RunawayMaxOrders"] = "10000",
        ["Risk__RunawayMaxMessages"] = "10000",
        ["Risk__RunawayIdenticalOrders"] = "10000",
        ["Risk__DailyLossLimit"] = "100000000",
        ["Risk__WeeklyLossLimit"] = "100000000",
        ["Risk__StrategyDailyLossLimit"] = "100000000",
        ["Risk__MaxDrawdown"] = "100000000",
        ["Risk__MaxSlippageBps"] = "0",
        ["Resume__MinimumHaltMinutes"] = "0",
        ["Resume__BlockSameTradingDay"] = "false",
        ["Resume__RestrictedMinutes"] = "0.01",
        ["Resume__CautiousMinutes"] = "0.01",
    };

    /// <summary>8 to 16 orders (market, or a limit 1% through the touch: it fills like a market order but goes through the limit path and the collar), a fifth of the keys sent a second time, shuffled.</summary>
    private static List<Submission> Plan(Random rng, int run, ChaosBroker broker)
    {
        var plan = new List<Submission>();
        var count = rng.Next(8, 17);
        for (var i = 0; i < count; i++)
        {
            var symbol = Symbols[rng.Next(Symbols.Length)];
            var side = rng.Next(2) == 0 ? "buy" : "sell";
            var quantity = rng.Next(1, 6);
            decimal? limit = null;
            if (rng.Next(4) == 0 && broker.Exchange.TryGetQuote(symbol, out var quote))
                limit = Math.Round(side == "buy" ? quote.Ask * 1.01m : quote.Bid * 0.99m, 2); // through the touch, inside the 5% collar
            var submission = new Submission($"run{run}-order{i}", symbol, side, quantity, limit);
            plan.Add(submission);
            if (rng.NextDouble() < 0.2)
                plan.Add(submission with { Duplicate = true });
        }

        for (var i = plan.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (plan[i], plan[j]) = (plan[j], plan[i]);
        }

        return plan;
    }

    /// <summary>
    /// Four lanes post the burst while a timer SIGKILLs the bot after 0–400 ms; in a quarter of the runs a /halt goes
    /// out after 0–300 ms instead and the kill follows its acknowledgement. Returns whether a halt was acknowledged.
    /// </summary>
    private static async Task<bool> BurstAndKillAsync(HostProcess bot, List<Submission> burst, Random rng, CrashStats stats)
    {
        var killAfter = TimeSpan.FromMilliseconds(rng.Next(0, 401));
        TimeSpan? haltAfter = rng.NextDouble() < 0.25 ? TimeSpan.FromMilliseconds(rng.Next(0, 301)) : null;
        var killedAfterHaltDelay = TimeSpan.FromMilliseconds(rng.Next(0, 21));
        var queue = new Queue<Submission>(burst);
        var killed = 0;
        var lanes = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref killed) == 0)
            {
                Submission? next;
                lock (queue)
                {
                    if (!queue.TryDequeue(out next))
                        return;
                }

                await PostAsync(bot, next);
            }
        })).ToList();

        var haltAcknowledged = false;
        if (haltAfter is { } delay)
        {
            await Task.Delay(delay);
            var halt = await bot.Client.PostAsync(new Uri("/api/commands", UriKind.Relative), Json(new { text = "/halt chaos: crash-safety run" })).WaitAsync(RequestLimit);
            Assert.Equal(HttpStatusCode.OK, halt.StatusCode);
            haltAcknowledged = true;
            stats.Halts++;
            await Task.Delay(killedAfterHaltDelay);
        }
        else
        {
            await Task.Delay(killAfter);
        }

        Volatile.Write(ref killed, 1);
        bot.Kill();
        stats.Kills++;
        await Task.WhenAll(lanes).WaitAsync(RequestLimit);
        stats.Answered += burst.Count(s => s.Answer is not null);
        stats.Unanswered += burst.Count(s => s.Answer is null);
        return haltAcknowledged;
    }

    private static async Task PostAsync(HostProcess bot, Submission submission)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json(submission.Body()) };
            request.Headers.Add("Idempotency-Key", submission.Key);
            request.Headers.Add("X-Api-Key", HostProcess.ApiKey);
            using var response = await bot.Client.SendAsync(request).WaitAsync(RequestLimit);
            var text = await response.Content.ReadAsStringAsync().WaitAsync(RequestLimit);
            submission.Answer = new Answer(response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or TaskCanceledException)
        {
            // The bot died under the request: the outcome is unknown to the caller, which is what a retry is for.
        }
    }

    private async Task CheckAfterRestartAsync(HostProcess bot, ChaosBroker broker, List<Submission> previous, bool haltAcknowledged, int run, CrashStats stats)
    {
        var context = $"run {run} (after the kill of run {run - 1})";

        // A halt acknowledged before the kill is still in force.
        var state = (await bot.StatusAsync().WaitAsync(RequestLimit)).GetProperty("state").GetString();
        if (haltAcknowledged)
            Assert.True(state == "Halted", $"{context}: the halt acknowledged before the kill was lost (state {state})");

        // Idempotency: a retry of every key of the killed burst. A key answered before the kill answers the same, replayed.
        foreach (var submission in previous.Where(s => !s.Duplicate))
        {
            var retry = new Submission(submission.Key, submission.Symbol, submission.Side, submission.Quantity, submission.Limit);
            await PostAsync(bot, retry);
            Assert.True(retry.Answer is not null, $"{context}: the retry of {submission.Key} was not answered");
            var first = previous.Where(s => s.Key == submission.Key && s.Answer is not null).Select(s => s.Answer!).FirstOrDefault();
            if (first is not null)
            {
                Assert.True(retry.Answer!.Replayed, $"{context}: {submission.Key} was answered before the kill ({first.Status}) but its retry was decided again: {retry.Answer.Body}");
                Assert.Equal(first.Status, retry.Answer.Status);
                Assert.Equal(first.OrderRef, retry.Answer.OrderRef);
                if (first.BrokerOrderId is { } sent)
                    Assert.Equal(sent, retry.Answer.BrokerOrderId);
                stats.RetriesReplayed++;
            }
            else if (retry.Answer!.Replayed)
            {
                stats.RetriesReplayed++;
            }
            else
            {
                // Never journaled before the kill: decided now, and refused if the halt is in force.
                if (haltAcknowledged)
                    Assert.True(retry.Answer.Status == HttpStatusCode.UnprocessableEntity && retry.Answer.Body.GetProperty("rule").GetString() == "halted",
                        $"{context}: {submission.Key} was decided after the restart while halted but not refused as halted: {retry.Answer.Body}");
                stats.RetriesDecidedAfresh++;
            }
        }

        if (state == "Halted")
        {
            var preview = await bot.CommandAsync("/resume override chaos: next crash-safety run").WaitAsync(RequestLimit);
            var id = preview.GetProperty("confirmationId").GetString();
            await bot.CommandAsync($"/confirm {id}").WaitAsync(RequestLimit);
        }

        // Quiet: nothing of ours still working (market and marketable limit orders fill within a few ticks).
        await ChaosWait.UntilAsync(() => broker.WorkingOrderCount == 0, TimeSpan.FromSeconds(10), () => $"{context}: {broker.WorkingOrderCount} orders still working");
        var reconcile = await bot.CommandAsync("/reconcile").WaitAsync(RequestLimit);
        if (reconcile.GetProperty("title").GetString()!.Contains("differences", StringComparison.Ordinal))
            stats.ReconcileCorrections.Add(reconcile.GetProperty("text").GetString() ?? string.Empty);

        // No lost fill and no phantom one: the journal's executions are exactly the exchange's.
        var journal = JournalFills(bot.DatabasePath);
        var exchange = broker.Executions;
        var lost = exchange.Keys.Where(id => !journal.ContainsKey(id)).ToList();
        Assert.True(lost.Count == 0, $"{context}: {lost.Count} execution(s) at the exchange missing from the journal: {string.Join(", ", lost.Take(5).Select(id => Describe(exchange[id])))}");
        var phantom = journal.Keys.Where(id => !exchange.ContainsKey(id)).ToList();
        Assert.True(phantom.Count == 0, $"{context}: {phantom.Count} journal execution(s) the exchange never had: {string.Join(", ", phantom.Take(5))}");

        // Positions: the journal's fills add up to the exchange's positions, and the bot shows no mismatch.
        var truth = broker.Positions();
        var fromJournal = journal.Values.GroupBy(f => f.Symbol).ToDictionary(g => g.Key, g => g.Sum(f => f.Signed), StringComparer.Ordinal);
        foreach (var symbol in truth.Keys.Union(fromJournal.Keys))
            Assert.True(truth.GetValueOrDefault(symbol) == fromJournal.GetValueOrDefault(symbol), $"{context}: {symbol} is {truth.GetValueOrDefault(symbol)} at the exchange but the journal's fills add up to {fromJournal.GetValueOrDefault(symbol)}");
        var positions = await GetJsonAsync(bot, "/api/positions");
        foreach (var line in positions.EnumerateArray())
        {
            var symbol = line.GetProperty("symbol").GetString()!;
            Assert.False(line.GetProperty("mismatch").GetBoolean(), $"{context}: /api/positions shows a mismatch: {line}");
            Assert.Equal("broker", line.GetProperty("source").GetString());
            Assert.True(line.GetProperty("ourQuantity").GetDecimal() == truth.GetValueOrDefault(symbol), $"{context}: our {symbol} is {line.GetProperty("ourQuantity")} but the exchange holds {truth.GetValueOrDefault(symbol)}");
        }
        foreach (var (symbol, quantity) in truth)
            Assert.True(positions.EnumerateArray().Any(l => l.GetProperty("symbol").GetString() == symbol), $"{context}: the exchange holds {quantity} {symbol}, /api/positions does not list it");

        // An order the bot said it sent before the kill reached the exchange (or the bot says otherwise now).
        var refsAtExchange = broker.Orders.Select(o => o.OrderRef).ToHashSet(StringComparer.Ordinal);
        foreach (var answer in previous.Where(s => s.Answer is { Status: HttpStatusCode.OK }).Select(s => s.Answer!))
        {
            if (!refsAtExchange.Contains(answer.OrderRef!))
                stats.SentButNotAtExchange.Add(answer.Body.ToString());
        }

        // No duplicate order: one orderRef (one idempotency key) reached the exchange at most once.
        var duplicates = broker.Orders.GroupBy(o => o.OrderRef).Where(g => g.Count() > 1).ToList();
        Assert.True(duplicates.Count == 0, $"{context}: orderRef(s) placed more than once: {string.Join("; ", duplicates.Select(g => $"{g.Key} x{g.Count()} (ids {string.Join(",", g.Select(o => o.OrderId))})"))}");
        Assert.All(broker.Orders, o => Assert.True(OrderRefs.IsOurs(o.OrderRef), $"an order without our reference: {o}"));
        stats.Checks++;
    }

    private static Dictionary<string, JournalFill> JournalFills(string databasePath)
    {
        var rows = RawDb.Rows(databasePath, "SELECT exec_id, symbol, side, quantity FROM fills");
        return rows.ToDictionary(
            r => (string)r[0]!,
            r => new JournalFill((string)r[1]!, (string)r[2]! == "Buy" ? 1 : -1, decimal.Parse((string)r[3]!, CultureInfo.InvariantCulture)),
            StringComparer.Ordinal);
    }

    private static async Task<JsonElement> GetJsonAsync(HostProcess bot, string path)
    {
        using var response = await bot.Client.GetAsync(new Uri(path, UriKind.Relative)).WaitAsync(RequestLimit);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static string Describe(PaperExecution e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.ExecId} {e.Side} {e.Quantity} {e.Symbol} (order {e.OrderId}, ref {e.OrderRef})");

    private sealed record JournalFill(string Symbol, int Sign, decimal Quantity)
    {
        public decimal Signed => Sign * Quantity;
    }

    private sealed record Answer(HttpStatusCode Status, JsonElement Body)
    {
        public bool Replayed => Body.TryGetProperty("replayed", out var r) && r.ValueKind == JsonValueKind.True;

        public string? OrderRef => Body.TryGetProperty("orderRef", out var r) ? r.GetString() : null;

        public long? BrokerOrderId => Body.TryGetProperty("brokerOrderId", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : null;
    }

    /// <summary>One POST of the burst. <see cref="Answer"/> stays null when the bot died before answering.</summary>
    private sealed record Submission(string Key, string Symbol, string Side, int Quantity, decimal? Limit, bool Duplicate = false)
    {
        public Answer? Answer { get; set; }

        public object Body() => Limit is { } price
            ? new { symbol = Symbol, side = Side, quantity = Quantity, type = "limit", limitPrice = (decimal?)price }
            : new { symbol = Symbol, side = Side, quantity = Quantity, type = "market", limitPrice = (decimal?)null };
    }

    private sealed class CrashStats
    {
        public List<TimeSpan> Restarts { get; } = [];

        public int Kills { get; set; }

        public int Halts { get; set; }

        public int Answered { get; set; }

        public int Unanswered { get; set; }

        public int RetriesReplayed { get; set; }

        public int RetriesDecidedAfresh { get; set; }

        public List<string> ReconcileCorrections { get; } = [];

        public int Checks { get; set; }

        public List<string> SentButNotAtExchange { get; } = [];

        public string Render(TimeSpan elapsed, ChaosBroker broker)
        {
            var sorted = Restarts.Order().ToList();
            var p50 = sorted[sorted.Count / 2];
            return string.Create(CultureInfo.InvariantCulture,
                $"""
                {Kills} SIGKILLs ({Halts} right after an acknowledged /halt), {Checks} post-restart checks, in {elapsed.TotalSeconds:0.0} s
                restart to healthy: p50 {p50.TotalMilliseconds:0} ms, max {sorted[^1].TotalMilliseconds:0} ms
                burst requests: {Answered} answered before the kill, {Unanswered} cut off by it
                retries: {RetriesReplayed} replayed (no new order), {RetriesDecidedAfresh} decided afresh (never journaled before the kill)
                /reconcile after the restart and the quiet wait corrected differences {ReconcileCorrections.Count} time(s){string.Concat(ReconcileCorrections.Take(3).Select(t => "\n  " + t.ReplaceLineEndings(" / ")))}
                accepted before the kill but never at the exchange: {SentButNotAtExchange.Count} {string.Join(" | ", SentButNotAtExchange.Take(3))}
                exchange: {broker.Orders.Count} orders, {broker.Executions.Count} executions, none lost, none duplicated
                """);
        }
    }
}
