using System.Globalization;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws;

public class TwsMessageCodecTests
{
    private const string Max = "1.7976931348623157E308";
    private const string IntMax = "2147483647";

    private static readonly int[] Versions = TwsRequestCodecTests.Versions;

    // Incoming contracts carry 11 fields: no primaryExchange.
    private static readonly TwsContract Aapl = TwsRequestCodecTests.Aapl with { PrimaryExchange = "" };

    private static readonly TwsOrder SellLimit = new()
    {
        Action = "SELL", TotalQuantity = 12.5m, OrderType = "LMT", LmtPrice = 187.25m, Tif = "GTC", OcaGroup = "bracket-7", OcaType = 1,
        Account = "DU123", OrderRef = "COT-0000000000000001", ParentId = 6, OutsideRth = true, GoodAfterTime = "20261118 09:30:00 US/Eastern",
        GoodTillDate = "20261120 16:00:00 US/Eastern",
    };

    internal static IEnumerable<TwsMessage> Samples()
    {
        yield return new ManagedAccountsMessage("DU123,DU456");
        yield return new NextValidIdMessage(1001);
        yield return new ErrorMessage(-1, 2104, "Market data farm connection is OK:usfarm");
        yield return new ErrorMessage(1002, 202, "Order Canceled - reason: annulé €", "", 1763391600123);
        yield return new ErrorMessage(1003, 201, "Order rejected - reason:", "{\"rejectReason\":\"margin\"}", null);
        yield return new CurrentTimeMessage(1763391600);
        yield return new PositionMessage("DU123", Aapl, 100, 187.1234m);
        yield return new PositionMessage("DU123", TwsRequestCodecTests.EsFuture, -2, null);
        yield return PositionEndMessage.Instance;
        yield return new OrderStatusMessage(1002, "Submitted", 0, 12.5m, 0m, 987654321, 0, 0m, 7, "", null);
        yield return new OrderStatusMessage(1002, "Filled", 12.5m, 0, 187.2m, 987654321, 6, 187.25m, 7, "", 190.5m);
        yield return new OpenOrderMessage(1002, Aapl, SellLimit, 7, 987654321, "PreSubmitted", "");
        yield return new OpenOrderMessage(1003, TwsRequestCodecTests.Option, TwsRequestCodecTests.Market() with { OrderType = "STP LMT", LmtPrice = 4.1m, AuxPrice = 4.05m }, 0, 5, "Submitted", "Order held while securities are located.");
        yield return OpenOrderEndMessage.Instance;
        yield return new ExecDetailsMessage(-1, 1002, Aapl, new TwsExecution
        {
            ExecId = "0000e0d5.6553a1b2.01.01", Time = "20261117 15:30:00 US/Eastern", AcctNumber = "DU123", Exchange = "ISLAND", Side = "SLD",
            Shares = 12.5m, Price = 187.25m, PermId = 987654321, ClientId = 7, CumQty = 12.5m, AvgPrice = 187.25m, OrderRef = "COT-0000000000000001",
            EvMultiplier = null, LastLiquidity = 2, PendingPriceRevision = true,
        });
        yield return new ExecDetailsMessage(44, 1003, TwsRequestCodecTests.EsFuture, new TwsExecution
        {
            ExecId = "x1", Side = "BOT", Shares = 1, Price = 5890.25m, CumQty = 1, AvgPrice = 5890.25m, EvRule = "aussieBond:YearsToExpiration=10", EvMultiplier = 0.5m, ModelCode = "m",
        });
        yield return new ExecDetailsEndMessage(44);
        yield return new CommissionReportMessage("0000e0d5.6553a1b2.01.01", 1.02m, "USD", null, null, null);
        yield return new CommissionReportMessage("x1", 2.25m, "USD", -12.5m, 0.034m, 20301231);
        yield return new UpdateAccountValueMessage("NetLiquidation", "100000.00", "USD", "DU123");
        yield return new AccountSummaryMessage(9001, "DU123", "BuyingPower", "400000.00", "USD");
        yield return new AccountSummaryEndMessage(9001);
        yield return new PnLMessage(9100, -125.5m, 12.25m, null);
        yield return new MarketDataTypeMessage(5, 3);
    }

    private static TwsMessage OnTheWire(TwsMessage message, int version) => message switch
    {
        ErrorMessage e when version < TwsServerVersions.ErrorTime => e with { ErrorTime = null },
        ExecDetailsMessage x when version < TwsServerVersions.PendingPriceRevision => x with { Execution = x.Execution with { PendingPriceRevision = false } },
        _ => message,
    };

    private static object Decode(byte[] payload, int version) => TwsMessageDecoder.Decode(payload, version).ToObject();

    [Fact]
    public void Every_message_round_trips_through_the_server_encoder_and_the_client_decoder_at_every_version()
    {
        var types = new HashSet<Type>();
        foreach (var version in Versions)
        {
            foreach (var message in Samples())
            {
                Assert.Equal(OnTheWire(message, version), Decode(TwsTestFrames.Encode(message, version), version));
                types.Add(message.GetType());
            }

            var tick = new TickPriceMessage(5, 1, 187.25m, 300, 3);
            Assert.Equal(tick, Decode(TwsTestFrames.Encode(tick, version), version));
            var unsetTick = new TickPriceMessage(5, 4, null, null, 0);
            Assert.Equal(unsetTick, Decode(TwsTestFrames.Encode(unsetTick, version), version));
            var size = new TickSizeMessage(5, 8, 123456);
            Assert.Equal(size, Decode(TwsTestFrames.Encode(size, version), version));
        }

        var all = typeof(TwsMessage).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TwsMessage)) && t != typeof(UnknownMessage));
        Assert.Empty(all.Except(types));
    }

    [Fact]
    public void The_client_decoder_reads_every_field_so_a_missing_last_field_fails()
    {
        foreach (var version in Versions)
        {
            foreach (var payload in Samples().Select(m => TwsTestFrames.Encode(m, version))
                .Append(TwsTestFrames.Encode(new TickPriceMessage(5, 1, 1m, 1m, 0), version))
                .Append(TwsTestFrames.Encode(new TickSizeMessage(5, 8, 1), version)))
            {
                var withoutLast = payload.AsSpan(0, payload.AsSpan(0, payload.Length - 1).LastIndexOf((byte)0) + 1).ToArray();
                Assert.Throws<TwsProtocolException>(() => TwsMessageDecoder.Decode(withoutLast, version));
            }
        }
    }

    [Fact]
    public void Error_before_194_has_a_version_field_and_no_error_time()
    {
        var payload = TwsTestFrames.Payload("4", "2", "1002", "202", "Order Canceled - reason:", "");
        Assert.Equal(new ErrorMessage(1002, 202, "Order Canceled - reason:", "", null), Decode(payload, 178));
        Assert.Equal(["4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", ""],
            TwsTestFrames.Fields(TwsTestFrames.Encode(new ErrorMessage(-1, 2104, "Market data farm connection is OK:usfarm"), 193)));
    }

    [Fact]
    public void Error_from_194_has_no_version_field_and_ends_with_the_error_time()
    {
        var payload = TwsTestFrames.Payload("4", "-1", "2104", "Market data farm connection is OK:usfarm", "", "1763391600123");
        Assert.Equal(new ErrorMessage(-1, 2104, "Market data farm connection is OK:usfarm", "", 1763391600123), Decode(payload, 194));
        Assert.Equal(["4", "1003", "201", "Order rejected - reason:", "{}", "5"],
            TwsTestFrames.Fields(TwsTestFrames.Encode(new ErrorMessage(1003, 201, "Order rejected - reason:", "{}", 5), 194)));
    }

    [Fact]
    public void Error_text_with_escaped_non_ascii_is_decoded() =>
        Assert.Equal("Ordre annulé", ((ErrorMessage)Decode(TwsTestFrames.Payload("4", "2", "5", "202", "Ordre annul\\u00e9", ""), 178)).Message);

    [Fact]
    public void Ticks_follow_the_brief_s_tables()
    {
        Assert.Equal(new TickPriceMessage(5, 1, 187.25m, 300, 3), Decode(TwsTestFrames.Payload("1", "6", "5", "1", "187.25", "300", "3"), 178));
        Assert.Equal(new TickSizeMessage(5, 8, 1234), Decode(TwsTestFrames.Payload("2", "6", "5", "8", "1234"), 178));
        var tick = new TickPriceMessage(1, 2, 1, 1, 5);
        Assert.True(tick.CanAutoExecute);
        Assert.False(tick.PastLimit);
        Assert.True(tick.PreOpen);
    }

    [Fact]
    public void Decoding_a_tick_allocates_nothing()
    {
        var price = TwsTestFrames.Payload("1", "6", "5", "1", "187.25", "300", "3");
        var size = TwsTestFrames.Payload("2", "6", "5", "8", "1234");
        var allocated = Allocations.Fewest(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                TwsMessageDecoder.Decode(price, 178).TryGetTickPrice(out _);
                TwsMessageDecoder.Decode(size, 178).TryGetTickSize(out _);
            }
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_decoded_union_exposes_ticks_by_value_and_other_messages_as_records()
    {
        var tick = TwsMessageDecoder.Decode(TwsTestFrames.Payload("1", "6", "5", "1", "187.25", "300", "3"), 178);
        Assert.True(tick.IsTick);
        Assert.Null(tick.Message);
        Assert.True(tick.TryGetTickPrice(out var price));
        Assert.Equal(187.25m, price.Price);
        Assert.False(tick.TryGetTickSize(out _));

        var other = TwsMessageDecoder.Decode(TwsTestFrames.Payload("9", "1", "42"), 178);
        Assert.False(other.IsTick);
        Assert.False(other.TryGetTickPrice(out _));
        Assert.Equal(new NextValidIdMessage(42), other.Message);
    }

    [Fact]
    public void An_unknown_message_id_is_returned_as_such_not_thrown()
    {
        var decoded = TwsMessageDecoder.Decode(TwsTestFrames.Payload("81", "5", "0.01", "9c0001", "3"), 178);
        Assert.Equal(new UnknownMessage(81), decoded.Message);
        Assert.Equal(81, decoded.MessageId);
    }

    [Fact]
    public void Order_status_follows_the_brief_and_reads_empty_and_sentinel_prices_alike()
    {
        var expected = new OrderStatusMessage(1002, "Submitted", 0, 12.5m, null, 987654321, 0, null, 7, "", null);
        Assert.Equal(expected, Decode(TwsTestFrames.Payload("3", "1002", "Submitted", "0", "12.5", "", "987654321", "", "", "7", "", ""), 178));
        Assert.Equal(expected, Decode(TwsTestFrames.Payload("3", "1002", "Submitted", "0", "12.5", Max, "987654321", IntMax, "1.7976931348623157E+308", "7", "", Max), 178));
    }

    [Fact]
    public void Commission_report_and_pnl_read_empty_and_sentinel_values_alike()
    {
        var commission = new CommissionReportMessage("x1", 1.02m, "USD", null, null, null);
        Assert.Equal(commission, Decode(TwsTestFrames.Payload("59", "1", "x1", "1.02", "USD", Max, Max, IntMax), 178));
        Assert.Equal(commission, Decode(TwsTestFrames.Payload("59", "1", "x1", "1.02", "USD", "", "", ""), 178));
        var pnl = new PnLMessage(9, -1.5m, null, null);
        Assert.Equal(pnl, Decode(TwsTestFrames.Payload("94", "9", "-1.5", "", "1.7976931348623157E+308"), 178));
        Assert.Equal(pnl, Decode(TwsTestFrames.Payload("94", "9", "-1.5", Max, ""), 178));
    }

    [Fact]
    public void The_simple_messages_follow_the_brief_s_tables()
    {
        Assert.Equal(new ManagedAccountsMessage("DU123,DU456"), Decode(TwsTestFrames.Payload("15", "1", "DU123,DU456"), 178));
        Assert.Equal(["DU123", "DU456"], new ManagedAccountsMessage("DU123, DU456,").GetAccounts());
        Assert.Equal(new NextValidIdMessage(1001), Decode(TwsTestFrames.Payload("9", "1", "1001"), 178));
        Assert.Equal(new CurrentTimeMessage(1763391600), Decode(TwsTestFrames.Payload("49", "1", "1763391600"), 178));
        Assert.Equal(
            new PositionMessage("DU123", Aapl, 100, 187.5m),
            Decode(TwsTestFrames.Payload("61", "3", "DU123", "265598", "AAPL", "STK", "", "0.0", "", "", "SMART", "USD", "", "", "100", "187.5"), 178));
        Assert.Same(PositionEndMessage.Instance, Decode(TwsTestFrames.Payload("62", "1"), 178));
        Assert.Same(OpenOrderEndMessage.Instance, Decode(TwsTestFrames.Payload("53", "1"), 178));
        Assert.Equal(new ExecDetailsEndMessage(44), Decode(TwsTestFrames.Payload("55", "1", "44"), 178));
        Assert.Equal(new UpdateAccountValueMessage("CashBalance", "5000", "USD", "DU1"), Decode(TwsTestFrames.Payload("6", "2", "CashBalance", "5000", "USD", "DU1"), 178));
        Assert.Equal(new AccountSummaryMessage(9, "DU1", "NetLiquidation", "1000", "USD"), Decode(TwsTestFrames.Payload("63", "1", "9", "DU1", "NetLiquidation", "1000", "USD"), 178));
        Assert.Equal(new AccountSummaryEndMessage(9), Decode(TwsTestFrames.Payload("64", "1", "9"), 178));
        Assert.Equal(new MarketDataTypeMessage(5, 3), Decode(TwsTestFrames.Payload("58", "1", "5", "3"), 178));
    }

    [Fact]
    public void Exec_details_follow_the_brief_with_pending_price_revision_from_178()
    {
        string[] fields =
        [
            "11", "-1", "1002", "265598", "AAPL", "STK", "", "0", "", "", "SMART", "USD", "", "",
            "e1", "20261117 15:30:00 US/Eastern", "DU123", "ISLAND", "SLD", "12.5", "187.25", "987654321", "7", "0", "12.5", "187.25",
            "COT-1", "", Max, "", "2",
        ];
        var execution = new TwsExecution
        {
            ExecId = "e1", Time = "20261117 15:30:00 US/Eastern", AcctNumber = "DU123", Exchange = "ISLAND", Side = "SLD", Shares = 12.5m,
            Price = 187.25m, PermId = 987654321, ClientId = 7, CumQty = 12.5m, AvgPrice = 187.25m, OrderRef = "COT-1", LastLiquidity = 2,
        };
        Assert.Equal(new ExecDetailsMessage(-1, 1002, Aapl, execution), Decode(TwsTestFrames.Payload(fields), 177));
        Assert.Equal(
            new ExecDetailsMessage(-1, 1002, Aapl, execution with { PendingPriceRevision = true }),
            Decode(TwsTestFrames.Payload([.. fields, "1"]), 178));
    }

    /// <summary>
    /// openOrder at 178, built field by field from the brief's list (sections 1–10), spelled the way TWS spells it:
    /// sentinels for unset numbers.
    /// </summary>
    /// <remarks>Indices: orderType 15, deltaNeutralOrderType 61, comboLegCount 70, scalePriceIncrement 75,
    /// hedgeType 76, dncPresent 81, algoStrategy 82, status 85, warningText 99, conditionsCount 102.</remarks>
    internal static List<string> OpenOrderFields178() =>
    [
        // 1–2. id, orderId, contract(11)
        "5", "1002", "265598", "AAPL", "STK", "", "0", "", "", "SMART", "USD", "", "",
        // 3. action … goodAfterTime (17)
        "SELL", "12.5", "LMT", "187.25", Max, "GTC", "bracket-7", "DU123", "O", "0", "COT-0000000000000001", "7", "987654321", "1", "0", "0",
        "20261118 09:30:00 US/Eastern",
        // 4. sharesAllocation, faGroup, faMethod, faPercentage
        "", "", "", "",
        // 5. modelCode … deltaNeutralAuxPrice (29)
        "", "20261120 16:00:00 US/Eastern", "", Max, "", "0", "", "-1", "0", Max, Max, Max, Max, Max, "0", "0", "0", "0", IntMax, "1", "0", "0",
        Max, "6", "0", Max, IntMax, "", Max,
        // 6. continuousUpdate … smartComboParamCount (10)
        "0", IntMax, Max, Max, Max, IntMax, "", "0", "0", "0",
        // 7. scaleInitLevelSize … whatIf (12)
        IntMax, IntMax, Max, "", "0", "", "", "0", "0", "", "0", "0",
        // 8. status, 9 margins, commission, minCommission, maxCommission, commissionCurrency, warningText, randomizeSize,
        //    randomizePrice, conditionsCount (18)
        "PreSubmitted", Max, Max, Max, Max, Max, Max, Max, Max, Max, Max, Max, Max, "", "", "0", "0", "0",
        // 9. adjustedOrderType … usePriceMgmtAlgo (16)
        "None", Max, Max, Max, Max, Max, Max, "0", "", "", "", Max, "0", "0", "0", "1",
        // 10. duration … midOffsetAtHalf (8)
        IntMax, IntMax, "0", IntMax, IntMax, Max, Max, Max,
    ];

    private static OpenOrderMessage ExpectedOpenOrder(string orderType = "LMT") =>
        new(1002, Aapl, SellLimit with { OrderType = orderType }, 7, 987654321, "PreSubmitted", "");

    [Fact]
    public void The_hand_built_open_order_at_178_is_127_fields_and_decodes_to_what_we_use()
    {
        var fields = OpenOrderFields178();
        Assert.Equal(127, fields.Count);
        Assert.Equal(ExpectedOpenOrder(), Decode(TwsTestFrames.Payload([.. fields]), 178));
    }

    [Fact]
    public void The_open_order_at_193_ends_with_the_fields_added_from_183_to_193()
    {
        List<string> fields = [.. OpenOrderFields178(), "", "0", "", "0", "", IntMax];
        Assert.Equal(ExpectedOpenOrder(), Decode(TwsTestFrames.Payload([.. fields]), 193));
        Assert.Equal(ExpectedOpenOrder(), Decode(TwsTestFrames.Payload([.. fields]), 194));
        Assert.Throws<TwsProtocolException>(() => TwsMessageDecoder.Decode(TwsTestFrames.Payload([.. fields[..^1]]), 193));
    }

    [Theory]
    [InlineData(176, 128)]
    [InlineData(177, 127)]
    [InlineData(178, 127)]
    [InlineData(183, 128)]
    [InlineData(184, 129)]
    [InlineData(185, 130)]
    [InlineData(189, 131)]
    [InlineData(192, 131)]
    [InlineData(193, 133)]
    public void The_server_s_open_order_field_count_follows_the_version_gates(int version, int count) =>
        Assert.Equal(count, TwsTestFrames.Fields(TwsTestFrames.Encode(ExpectedOpenOrder(), version)).Length);

    [Fact]
    public void The_server_s_open_order_puts_our_fields_where_the_hand_built_one_has_them()
    {
        var ours = TwsTestFrames.Fields(TwsTestFrames.Encode(ExpectedOpenOrder(), 178));
        var handBuilt = OpenOrderFields178();
        foreach (var index in new[] { 1, 3, 13, 14, 15, 16, 18, 19, 20, 23, 24, 25, 26, 29, 35, 53, 57, 85, 99, 102 })
            Assert.Equal(handBuilt[index], ours[index]);
    }

    [Fact]
    public void The_open_order_decoder_walks_every_optional_group()
    {
        var fields = OpenOrderFields178();
        // From the highest index down, so earlier indices stay valid.
        fields.InsertRange(102, ["1", "2", "3", "4", "5"]); // PEG BENCH fields before conditionsCount
        fields[82] = "Adaptive";
        fields.InsertRange(83, ["1", "adaptivePriority", "Normal"]);
        fields[81] = "1"; // dncPresent
        fields.InsertRange(82, ["12087792", "0.5", "101.25"]);
        fields[76] = "BETA"; // hedgeType
        fields.Insert(77, "1.2");
        fields[75] = "0.05"; // scalePriceIncrement
        fields.InsertRange(76, [Max, Max, Max, "0", IntMax, IntMax, Max]);
        fields[72] = "1"; // smartComboParamCount
        fields.InsertRange(73, ["NonGuaranteed", "1"]);
        fields[71] = "1"; // orderComboLegCount
        fields.Insert(72, "1.5");
        fields[70] = "1"; // comboLegCount
        fields.InsertRange(71, ["12087792", "1", "BUY", "SMART", "0", "0", "", "-1"]);
        fields[61] = "LMT"; // deltaNeutralOrderType
        fields.InsertRange(63, ["0", "", "", "", "", "0", "0", ""]);
        fields[15] = "PEG BENCH";
        Assert.Equal(ExpectedOpenOrder("PEG BENCH"), Decode(TwsTestFrames.Payload([.. fields]), 178));
    }

    [Fact]
    public void An_open_order_with_conditions_is_decoded_up_to_its_conditions_and_the_rest_ignored()
    {
        var fields = OpenOrderFields178()[..103];
        fields[102] = "1"; // conditionsCount
        fields.AddRange(["1", "a", "1", "265598", "SMART", "1", "187.0", "0", "0", "0"]);
        Assert.Equal(ExpectedOpenOrder(), Decode(TwsTestFrames.Payload([.. fields]), 178));
    }

    [Fact]
    public void A_hostile_combo_leg_count_is_rejected_without_looping()
    {
        var fields = OpenOrderFields178();
        fields[70] = "2000000000";
        Assert.Throws<TwsProtocolException>(() => TwsMessageDecoder.Decode(TwsTestFrames.Payload([.. fields]), 178));
        fields[70] = "-1";
        Assert.Throws<TwsProtocolException>(() => TwsMessageDecoder.Decode(TwsTestFrames.Payload([.. fields]), 178));
    }

    [Fact]
    public void Decoding_at_an_unsupported_version_is_the_caller_s_bug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TwsMessageDecoder.Decode(TwsTestFrames.Payload("9", "1", "1"), 175));
        Assert.Throws<ArgumentOutOfRangeException>(() => TwsMessageDecoder.Decode(TwsTestFrames.Payload("9", "1", "1"), 201));
        Assert.Throws<ArgumentOutOfRangeException>(() => TwsRequestDecoder.Decode(TwsTestFrames.Payload("49", "1"), 201));
    }

    [Fact]
    public void An_empty_or_garbage_id_is_a_protocol_error()
    {
        Assert.Throws<TwsProtocolException>(() => TwsMessageDecoder.Decode([], 178));
        Assert.Throws<TwsProtocolException>(() => TwsMessageDecoder.Decode(TwsTestFrames.Payload("tick"), 178));
        Assert.Throws<TwsProtocolException>(() => TwsRequestDecoder.Decode([], 178));
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture_by_the_server_too()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fr-FR");
            Assert.Equal(["1", "6", "5", "1", "187.25", "300", "0"], TwsTestFrames.Fields(TwsTestFrames.Encode(new TickPriceMessage(5, 1, 187.25m, 300, 0), 178)));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
