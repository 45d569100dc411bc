using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Storage;
using ChatOpsTrader.Tests.Support;
using static ChatOpsTrader.Tests.Storage.Samples;

namespace ChatOpsTrader.Tests.Storage;

public sealed class SqliteJournalRecordTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new(T0.AddMinutes(10));
    private readonly SqliteJournal _journal;

    public SqliteJournalRecordTests() => _journal = SqliteJournal.Open(_dir.DatabasePath(), _time);

    private string DbPath => _journal.Path;

    public void Dispose()
    {
        _journal.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_new_journal_recovers_nothing()
    {
        var recovery = await _journal.RecoverAsync(CancellationToken.None);

        Assert.Null(recovery.Status);
        Assert.Empty(recovery.Intents);
        Assert.Empty(recovery.Orders);
        Assert.Empty(recovery.Fills);
        Assert.Empty(recovery.Settings);
        Assert.Empty(await _journal.GetClosedTradesAsync(DateTimeOffset.MinValue, 100, CancellationToken.None));
        Assert.Empty(await _journal.GetAuditAsync(100, CancellationToken.None));
    }

    [Fact]
    public async Task Every_record_kind_round_trips_exactly()
    {
        var active = Status(TradingState.Active);
        var halted = new TradingStatus(TradingState.Halted, StateTrigger.Drawdown, "drawdown 5.2% > 5%", "system", At(30), At(30), StateTrigger.Drawdown);
        var intent = Intent("key-1", IntentOutcome.Rejected) with { RejectRule = "MaxPositionNotional", RejectMessage = "notional 18,912.05 > 10,000" };
        var order = Order(11, OrderStatus.PartiallyFilled, filled: 10.5m);
        var child = Order(101, OrderStatus.Submitted);
        var fill = Fill("0000e0d5.6556f2e1.01.01");
        var trade = Trade("0000e0d5.6556f2e1.01.02", 40);
        var audit = Audit("/halt", 30);
        var alert = Alert("alert-1");

        await _journal.CommitAsync(
            [
                new StateChangedRecord(TradingStatus.Initial(T0), active),
                new StateChangedRecord(active, halted),
                new IntentRecordedRecord(intent),
                new OrderRecordedRecord(order),
                new OrderRecordedRecord(child),
                new FillRecordedRecord(fill),
                new TradeClosedRecord(trade),
                new AuditRecordedRecord(audit),
                new PositionsSnapshotRecord(At(50), "broker", [new BrokerPosition("AAPL", -10.5m, 187.123456m), new BrokerPosition("MSFT", 3m, 401.10m)]),
                new SettingRecord("hwm", "125000.75"),
                new SettingRecord("paused", "momentum,meanrev"),
                new AlertRecordedRecord(alert),
            ],
            CancellationToken.None);

        var recovery = await _journal.RecoverAsync(CancellationToken.None);
        Assert.Equal(halted, recovery.Status);
        Assert.Equal(intent, Assert.Single(recovery.Intents));
        Assert.Equal([order, child], recovery.Orders);
        Assert.Equal(fill, Assert.Single(recovery.Fills));
        Assert.Equal(new Dictionary<string, string> { ["hwm"] = "125000.75", ["paused"] = "momentum,meanrev" }, recovery.Settings);
        Assert.Equal(trade, Assert.Single(await _journal.GetClosedTradesAsync(At(0), 10, CancellationToken.None)));
        Assert.Equal(audit, Assert.Single(await _journal.GetAuditAsync(10, CancellationToken.None)));

        // Record equality treats 1.50 and 1.5 alike: the scale must survive too.
        var recoveredIntent = recovery.Intents[0].Intent;
        Assert.Equal("100.50", recoveredIntent.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("190.00", recoveredIntent.TakeProfit!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1.0050", recovery.Fills[0].Commission.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var transitions = RawDb.Rows(DbPath, "SELECT previous_state, state, trigger, last_halt_at, resume_to, recorded_at FROM state_transitions ORDER BY id");
        Assert.Equal(2, transitions.Count);
        Assert.Equal(["Active", "Halted", "Drawdown", At(30).ToUnixTimeMilliseconds(), null, _time.GetUtcNow().ToUnixTimeMilliseconds()], transitions[1]);

        var snapshot = Assert.Single(RawDb.Rows(DbPath, "SELECT id, time, source, position_count FROM position_snapshots"));
        Assert.Equal([At(50).ToUnixTimeMilliseconds(), "broker", 2L], snapshot[1..]);
        var items = RawDb.Rows(DbPath, "SELECT snapshot_id, ordinal, symbol, quantity, average_cost FROM position_snapshot_items ORDER BY ordinal");
        Assert.Equal([snapshot[0], 0L, "AAPL", "-10.5", "187.123456"], items[0]);
        Assert.Equal([snapshot[0], 1L, "MSFT", "3", "401.10"], items[1]);

        var alertRow = Assert.Single(RawDb.Rows(DbPath, "SELECT id, time, severity, key, title, text, first_action, status, attempts, next_attempt_at, delivered_at, channel FROM alerts"));
        Assert.Equal(
            ["alert-1", At(5).ToUnixTimeMilliseconds(), 2L, "reject:AAPL", "Order rejected", "AAPL buy 10 rejected: code 201", "Check margin", "pending", 0L, _time.GetUtcNow().ToUnixTimeMilliseconds(), null, null],
            alertRow);
    }

    [Fact]
    public async Task Decimals_are_stored_as_exact_text()
    {
        decimal[] values = [0.1m + 0.2m, 79228162514264337593543950335m, -0.0000000000000000000000000001m, 123.4500m, 0m, -7m];
        await _journal.CommitAsync(
            values.Select((v, i) => (JournalRecord)new FillRecordedRecord(Fill($"E{i}", price: v))).ToList(),
            CancellationToken.None);

        var recovered = (await _journal.RecoverAsync(CancellationToken.None)).Fills.Select(f => f.Price).ToArray();

        Assert.Equal(values, recovered);
        Assert.Equal(
            values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            recovered.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(
            ["0.3", "79228162514264337593543950335", "-0.0000000000000000000000000001", "123.4500", "0", "-7"],
            RawDb.Rows(DbPath, "SELECT price FROM fills ORDER BY seq").Select(r => r[0]));
        Assert.Equal(["text"], RawDb.Rows(DbPath, "SELECT DISTINCT typeof(price) FROM fills").Select(r => r[0]));
    }

    [Fact]
    public async Task Times_keep_their_instant_to_the_millisecond_whatever_the_offset()
    {
        var withOffset = new DateTimeOffset(2026, 3, 8, 2, 30, 0, 999, TimeSpan.FromHours(-5));
        var subMillisecond = T0.AddTicks(6789); // 0.6789 ms
        await _journal.CommitAsync(
            [
                new FillRecordedRecord(Fill("E1") with { Time = withOffset }),
                new FillRecordedRecord(Fill("E2") with { Time = subMillisecond }),
            ],
            CancellationToken.None);

        var fills = (await _journal.RecoverAsync(CancellationToken.None)).Fills;

        Assert.Equal(withOffset, fills[0].Time);
        Assert.Equal(withOffset.UtcTicks, fills[0].Time.UtcTicks);
        Assert.Equal(TimeSpan.Zero, fills[0].Time.Offset);
        Assert.Equal(T0, fills[1].Time); // sub-millisecond digits are dropped
    }

    [Fact]
    public async Task Intent_updates_change_the_outcome_and_never_forget_a_known_broker_order_id()
    {
        await _journal.CommitAsync([new IntentRecordedRecord(Intent("key-1"))], CancellationToken.None);
        await _journal.CommitAsync([new IntentUpdatedRecord("key-1", IntentOutcome.Sent, 4711, null, null)], CancellationToken.None);

        var sent = Assert.Single((await _journal.RecoverAsync(CancellationToken.None)).Intents);
        Assert.Equal(Intent("key-1", IntentOutcome.Sent, 4711), sent);

        await _journal.CommitAsync([new IntentUpdatedRecord("key-1", IntentOutcome.Failed, null, "Broker", "connection lost")], CancellationToken.None);

        var failed = Assert.Single((await _journal.RecoverAsync(CancellationToken.None)).Intents);
        Assert.Equal(Intent("key-1", IntentOutcome.Failed, 4711) with { RejectRule = "Broker", RejectMessage = "connection lost" }, failed);
    }

    [Fact]
    public async Task Intents_are_recovered_oldest_first_with_their_own_keys()
    {
        var namespaced = Intent("api:abc") with { Intent = Intent("api:abc").Intent with { IdempotencyKey = "abc" } };
        await _journal.CommitAsync([new IntentRecordedRecord(Intent("b"))], CancellationToken.None);
        await _journal.CommitAsync([new IntentRecordedRecord(Intent("a")), new IntentRecordedRecord(namespaced)], CancellationToken.None);

        var intents = (await _journal.RecoverAsync(CancellationToken.None)).Intents;

        Assert.Equal(["b", "a", "api:abc"], intents.Select(i => i.IdempotencyKey));
        Assert.Equal(namespaced, intents[2]);
        Assert.Equal("abc", intents[2].Intent.IdempotencyKey);
    }

    [Fact]
    public async Task A_batch_with_a_duplicate_intent_key_writes_nothing_and_the_journal_stays_usable()
    {
        await _journal.CommitAsync([new IntentRecordedRecord(Intent("key-1"))], CancellationToken.None);

        var ex = await Assert.ThrowsAsync<JournalException>(() => _journal.CommitAsync(
            [
                new FillRecordedRecord(Fill("E1")),
                new AuditRecordedRecord(Audit("/buy", 3)),
                new SettingRecord("hwm", "1"),
                new StateChangedRecord(Status(TradingState.Active), Status(TradingState.Halted)),
                new IntentRecordedRecord(Intent("key-1")),
            ],
            CancellationToken.None).AsTask());

        Assert.Contains("record 4 (IntentRecordedRecord)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UNIQUE", ex.Message, StringComparison.Ordinal);
        var recovery = await _journal.RecoverAsync(CancellationToken.None);
        Assert.Null(recovery.Status);
        Assert.Empty(recovery.Fills);
        Assert.Empty(recovery.Settings);
        Assert.Single(recovery.Intents);
        Assert.Empty(await _journal.GetAuditAsync(10, CancellationToken.None));

        await _journal.CommitAsync([new FillRecordedRecord(Fill("E1"))], CancellationToken.None);
        Assert.Single((await _journal.RecoverAsync(CancellationToken.None)).Fills);
    }

    [Fact]
    public async Task Updating_an_unknown_intent_fails_the_batch()
    {
        var ex = await Assert.ThrowsAsync<JournalException>(() => _journal.CommitAsync(
            [new AuditRecordedRecord(Audit("/buy", 3)), new IntentUpdatedRecord("nobody", IntentOutcome.Sent, 1, null, null)],
            CancellationToken.None).AsTask());

        Assert.Contains("'nobody'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _journal.GetAuditAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task A_record_with_an_undefined_enum_or_a_null_fails_the_batch()
    {
        await Assert.ThrowsAsync<JournalException>(() => _journal.CommitAsync(
            [new SettingRecord("a", "1"), new FillRecordedRecord(Fill("E1") with { Side = (OrderSide)9 })],
            CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<JournalException>(() => _journal.CommitAsync(
            [new SettingRecord("a", "1"), new AuditRecordedRecord(Audit("/x", 1) with { Detail = null! })],
            CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<JournalException>(() => _journal.CommitAsync(
            [new SettingRecord("a", "1"), null!],
            CancellationToken.None).AsTask());

        Assert.Empty((await _journal.RecoverAsync(CancellationToken.None)).Settings);
    }

    [Fact]
    public async Task Duplicate_fills_are_ignored_and_the_first_one_kept()
    {
        await _journal.CommitAsync([new FillRecordedRecord(Fill("E1", price: 10m))], CancellationToken.None);
        await _journal.CommitAsync(
            [
                new FillRecordedRecord(Fill("E1", price: 99m)),
                new FillRecordedRecord(Fill("E2", price: 11m)),
                new FillRecordedRecord(Fill("E2", price: 98m)),
            ],
            CancellationToken.None);

        var fills = (await _journal.RecoverAsync(CancellationToken.None)).Fills;

        Assert.Equal([("E1", 10m), ("E2", 11m)], fills.Select(f => (f.ExecId, f.Price)));
    }

    [Fact]
    public async Task Orders_are_upserted_and_only_working_ones_are_recovered()
    {
        var statuses = Enum.GetValues<OrderStatus>();
        await _journal.CommitAsync(
            statuses.Select((s, i) => (JournalRecord)new OrderRecordedRecord(Order(i + 1, s, seconds: i))).ToList(),
            CancellationToken.None);

        var working = (await _journal.RecoverAsync(CancellationToken.None)).Orders;
        Assert.Equal(statuses.Where(s => s.IsWorking()), working.Select(o => o.Order.Status));
        Assert.Equal(4, working.Count);

        // Order 1 (PendingSubmit) fills completely; order 2 is seen again with a new creation time and strategy.
        var filled = Order(1, OrderStatus.Filled, filled: 25m, seconds: 99);
        await _journal.CommitAsync(
            [
                new OrderRecordedRecord(filled),
                new OrderRecordedRecord(Order(2, OrderStatus.PartiallyFilled, filled: 5.25m, seconds: 99) with { Strategy = "reassigned" }),
            ],
            CancellationToken.None);

        working = (await _journal.RecoverAsync(CancellationToken.None)).Orders;
        Assert.Equal([2L, 3L, 4L], working.Select(o => o.Order.BrokerOrderId));
        var updated = working[0];
        Assert.Equal(OrderStatus.PartiallyFilled, updated.Order.Status);
        Assert.Equal(5.25m, updated.Order.Filled);
        Assert.Equal("reassigned", updated.Strategy);
        Assert.Equal(At(1), updated.CreatedAt); // the first sighting is kept
        Assert.Equal(1, RawDb.Count(DbPath, "orders WHERE broker_order_id = 1 AND status = 'Filled' AND filled = '25'"));
    }

    [Fact]
    public async Task Settings_are_upserted()
    {
        await _journal.CommitAsync([new SettingRecord("hwm", "100"), new SettingRecord("hwm", "101.5")], CancellationToken.None);
        await _journal.CommitAsync([new SettingRecord("hwm", "102")], CancellationToken.None);

        Assert.Equal("102", (await _journal.RecoverAsync(CancellationToken.None)).Settings["hwm"]);
        Assert.Equal(1, RawDb.Count(DbPath, "settings"));
    }

    [Fact]
    public async Task The_latest_state_transition_is_the_current_status()
    {
        var halted = new TradingStatus(TradingState.Halted, StateTrigger.Manual, "fat finger", "discord:7", At(10), At(10), StateTrigger.Manual);
        var restricted = new TradingStatus(TradingState.Restricted, StateTrigger.Manual, "resumed", "web", At(20), At(10), StateTrigger.Manual);
        var reducing = new TradingStatus(TradingState.Reducing, StateTrigger.LossLimit, "daily loss", "system", At(30), At(10), StateTrigger.Manual, TradingState.Restricted);
        await _journal.CommitAsync([new StateChangedRecord(Status(TradingState.Active), halted)], CancellationToken.None);
        await _journal.CommitAsync([new StateChangedRecord(halted, restricted), new StateChangedRecord(restricted, reducing)], CancellationToken.None);

        Assert.Equal(reducing, (await _journal.RecoverAsync(CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Closed_trades_are_filtered_by_time_newest_first_and_limited()
    {
        await _journal.CommitAsync(
            [.. new[] { 30, 10, 50, 20, 40 }.Select(s => (JournalRecord)new TradeClosedRecord(Trade($"X{s}", s)))],
            CancellationToken.None);

        var since20 = await _journal.GetClosedTradesAsync(At(20), 10, CancellationToken.None);
        Assert.Equal(["X50", "X40", "X30", "X20"], since20.Select(t => t.ClosingExecId));
        var newestTwo = await _journal.GetClosedTradesAsync(DateTimeOffset.MinValue, 2, CancellationToken.None);
        Assert.Equal(["X50", "X40"], newestTwo.Select(t => t.ClosingExecId));
        Assert.Empty(await _journal.GetClosedTradesAsync(At(51), 10, CancellationToken.None));
        Assert.Empty(await _journal.GetClosedTradesAsync(At(0), 0, CancellationToken.None));
    }

    [Fact]
    public async Task Audit_is_returned_newest_first_and_limited()
    {
        await _journal.CommitAsync([new AuditRecordedRecord(Audit("/b", 2)), new AuditRecordedRecord(Audit("/a", 1))], CancellationToken.None);
        await _journal.CommitAsync([new AuditRecordedRecord(Audit("/d", 4)), new AuditRecordedRecord(Audit("/c", 3))], CancellationToken.None);

        var three = await _journal.GetAuditAsync(3, CancellationToken.None);

        Assert.Equal(["/d", "/c", "/b"], three.Select(e => e.Command));
        Assert.Equal(Audit("/d", 4), three[0]);
    }

    [Fact]
    public async Task An_empty_positions_snapshot_is_recorded_as_flat()
    {
        await _journal.CommitAsync([new PositionsSnapshotRecord(At(1), "journal", [])], CancellationToken.None);

        Assert.Equal([At(1).ToUnixTimeMilliseconds(), "journal", 0L], Assert.Single(RawDb.Rows(DbPath, "SELECT time, source, position_count FROM position_snapshots")));
        Assert.Equal(0, RawDb.Count(DbPath, "position_snapshot_items"));
    }

    [Fact]
    public async Task A_duplicate_alert_id_fails_the_batch()
    {
        await _journal.CommitAsync([new AlertRecordedRecord(Alert("a1"))], CancellationToken.None);

        await Assert.ThrowsAsync<JournalException>(() => _journal.CommitAsync(
            [new SettingRecord("x", "1"), new AlertRecordedRecord(Alert("a1"))], CancellationToken.None).AsTask());

        Assert.Equal(1, RawDb.Count(DbPath, "alerts"));
        Assert.Equal(0, RawDb.Count(DbPath, "settings"));
    }

    [Fact]
    public async Task A_cancelled_commit_writes_nothing_and_an_empty_batch_is_a_no_op()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _journal.CommitAsync([new SettingRecord("a", "1")], cts.Token).AsTask());
        await _journal.CommitAsync([], CancellationToken.None);

        Assert.Empty((await _journal.RecoverAsync(CancellationToken.None)).Settings);
    }
}
