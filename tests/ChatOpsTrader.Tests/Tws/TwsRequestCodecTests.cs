using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws;

public class TwsRequestCodecTests
{
    public static readonly int[] Versions = [176, 177, 178, 183, 184, 187, 189, 190, 192, 193, 194];

    internal static readonly TwsContract Aapl = new()
    {
        ConId = 265598, Symbol = "AAPL", SecType = "STK", Exchange = "SMART", PrimaryExchange = "ISLAND", Currency = "USD",
    };

    internal static readonly TwsContract EsFuture = new()
    {
        ConId = 495512563, Symbol = "ES", SecType = "FUT", LastTradeDateOrContractMonth = "20261218", Multiplier = "50",
        Exchange = "CME", Currency = "USD", LocalSymbol = "ESZ6", TradingClass = "ES",
    };

    internal static readonly TwsContract Option = new()
    {
        Symbol = "SPY", SecType = "OPT", LastTradeDateOrContractMonth = "20261218", Strike = 612.5m, Right = "C", Multiplier = "100",
        Exchange = "SMART", Currency = "USD",
    };

    internal static TwsOrder Market(string action = "BUY", decimal quantity = 100) =>
        new() { Action = action, TotalQuantity = quantity, OrderType = "MKT" };

    internal static IEnumerable<TwsRequest> Samples()
    {
        yield return new StartApiRequest(7);
        yield return new StartApiRequest(0, "caps");
        yield return new ReqIdsRequest(1);
        yield return ReqCurrentTimeRequest.Instance;
        yield return ReqManagedAcctsRequest.Instance;
        yield return ReqPositionsRequest.Instance;
        yield return CancelPositionsRequest.Instance;
        yield return ReqOpenOrdersRequest.Instance;
        yield return ReqAllOpenOrdersRequest.Instance;
        yield return new ReqAutoOpenOrdersRequest(true);
        yield return new ReqAutoOpenOrdersRequest(false);
        yield return new ReqExecutionsRequest(31, new TwsExecutionFilter());
        yield return new ReqExecutionsRequest(32, new TwsExecutionFilter
        {
            ClientId = 7, AcctCode = "DU123", Time = "20261117-14:30:00", Symbol = "AAPL", SecType = "STK", Exchange = "SMART", Side = "BUY",
        });
        yield return new PlaceOrderRequest(1001, Aapl, Market());
        yield return new PlaceOrderRequest(1002, Aapl, new TwsOrder
        {
            Action = "SELL", TotalQuantity = 12.5m, OrderType = "LMT", LmtPrice = 187.25m, Tif = "GTC", Account = "DU123",
            OrderRef = "COT-0000000000000001 bot tag", OutsideRth = true,
        });
        yield return new PlaceOrderRequest(1003, EsFuture, new TwsOrder
        {
            Action = "SELL", TotalQuantity = 1, OrderType = "STP", AuxPrice = 5890.25m, ParentId = 1002, OcaGroup = "bracket-1002", OcaType = 1,
        }, Transmit: false);
        yield return new PlaceOrderRequest(1004, Option, new TwsOrder
        {
            Action = "BUY", TotalQuantity = 3, OrderType = "STP LMT", LmtPrice = 4.10m, AuxPrice = 4.05m, Tif = "GTD",
            GoodTillDate = "20261120 16:00:00 US/Eastern", GoodAfterTime = "20261118 09:30:00 US/Eastern",
        });
        yield return new CancelOrderRequest(1002);
        yield return new CancelOrderRequest(1003, "20261117 15:00:00", "ops", 1);
        yield return new ReqGlobalCancelRequest();
        yield return new ReqGlobalCancelRequest("ops", 0);
        yield return new ReqAccountSummaryRequest(9001, "All", "NetLiquidation,TotalCashValue,BuyingPower");
        yield return new ReqAccountSummaryRequest(9002, "All", "$LEDGER");
        yield return new CancelAccountSummaryRequest(9001);
        yield return new ReqAccountUpdatesRequest(true, "DU123");
        yield return new ReqAccountUpdatesRequest(false, "");
        yield return new ReqPnLRequest(9100, "DU123");
        yield return new ReqPnLRequest(9101, "DU123", "model");
        yield return new CancelPnLRequest(9100);
        yield return new ReqMktDataRequest(5, Aapl);
        yield return new ReqMktDataRequest(6, Option, "100,101,233", Snapshot: true, RegulatorySnapshot: false, MktDataOptions: "");
        yield return new CancelMktDataRequest(5);
        yield return new ReqMarketDataTypeRequest(3);
    }

    /// <summary>What survives a round trip at this version (cancel fields added at 192 are not on the wire before it).</summary>
    private static TwsRequest OnTheWire(TwsRequest request, int version) => request switch
    {
        CancelOrderRequest c when version < TwsServerVersions.CmeTagging => c with { ExtOperator = "", ManualOrderIndicator = null },
        ReqGlobalCancelRequest when version < TwsServerVersions.CmeTagging => new ReqGlobalCancelRequest(),
        _ => request,
    };

    [Fact]
    public void Every_request_round_trips_through_the_client_encoder_and_the_server_decoder_at_every_version()
    {
        var types = new HashSet<Type>();
        foreach (var version in Versions)
        {
            foreach (var request in Samples())
            {
                var payload = TwsTestFrames.Encode(request, version);
                Assert.Equal(request.MessageId, int.Parse(TwsTestFrames.Fields(payload)[0], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(OnTheWire(request, version), TwsRequestDecoder.Decode(payload, version));
                types.Add(request.GetType());
            }
        }

        // Every concrete request type but UnknownRequest has a sample.
        var all = typeof(TwsRequest).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TwsRequest)) && t != typeof(UnknownRequest));
        Assert.Empty(all.Except(types));
    }

    [Fact]
    public void The_server_decoder_reads_every_field_of_every_request_so_a_missing_last_field_fails()
    {
        foreach (var version in Versions)
        {
            foreach (var request in Samples().Where(r => r is not StartApiRequest))
            {
                var payload = TwsTestFrames.Encode(request, version);
                var withoutLast = payload.AsSpan(0, payload.AsSpan(0, payload.Length - 1).LastIndexOf((byte)0) + 1).ToArray();
                Assert.Throws<TwsProtocolException>(() => TwsRequestDecoder.Decode(withoutLast, version));
            }
        }
    }

    [Fact]
    public void StartApi_tolerates_a_client_that_omits_the_optional_capabilities_field() =>
        Assert.Equal(new StartApiRequest(3), TwsRequestDecoder.Decode(TwsTestFrames.Payload("71", "2", "3"), 178));

    /// <summary>
    /// placeOrder at 178 for a plain market order, field by field from the brief's list (sections 1–9), as the
    /// client encoder writes it: unset numbers as empty fields.
    /// </summary>
    /// <remarks>Indices: action 16, outsideRth 33, goodAfterTime 37, ocaType 46, deltaNeutralOrderType 64,
    /// scalePriceIncrement 72, hedgeType 76, deltaNeutralContract 81, algoStrategy 82, conditionsCount 89.</remarks>
    internal static List<string> PlainOrderFields178(string orderId = "1001") =>
    [
        // 1. id, orderId, contract(12), secIdType, secId
        "3", orderId, "265598", "AAPL", "STK", "", "0", "", "", "SMART", "ISLAND", "USD", "", "", "", "",
        // 2. action … hidden (19)
        "BUY", "100", "MKT", "", "", "DAY", "", "", "", "0", "", "1", "0", "0", "0", "0", "0", "0", "0",
        // 4. sharesAllocation, discretionaryAmt, goodAfterTime, goodTillDate, faGroup, faMethod, faPercentage
        "", "0", "", "", "", "", "",
        // 5. modelCode … deltaNeutralAuxPrice (24)
        "", "0", "", "-1", "0", "", "", "0", "", "", "0", "0", "", "0", "", "", "", "", "", "0", "", "", "", "",
        // 6. continuousUpdate … hedgeType (11)
        "0", "", "", "", "", "", "", "", "", "", "",
        // 7. optOutSmartRouting … conditionsCount (13)
        "0", "", "", "0", "0", "", "", "0", "", "0", "0", "0", "0",
        // 8. adjustedOrderType … usePriceMgmtAlgo (19)
        "", "", "", "", "", "", "0", "", "", "", "", "", "", "", "", "0", "0", "0", "",
        // 9. duration, postToAts, autoCancelParent, advancedErrorOverride, manualOrderTime
        "", "", "0", "", "",
    ];

    [Fact]
    public void A_plain_order_at_version_178_is_exactly_114_fields_in_the_brief_s_order()
    {
        var expected = PlainOrderFields178();
        Assert.Equal(114, expected.Count);
        var payload = TwsTestFrames.Encode(new PlaceOrderRequest(1001, Aapl, Market()), 178);
        Assert.Equal(expected, TwsTestFrames.Fields(payload));
    }

    [Theory]
    [InlineData(176, 115)]
    [InlineData(177, 114)]
    [InlineData(178, 114)]
    [InlineData(183, 115)]
    [InlineData(184, 116)]
    [InlineData(187, 118)]
    [InlineData(189, 119)]
    [InlineData(190, 117)]
    [InlineData(192, 118)]
    [InlineData(193, 118)]
    public void The_plain_order_s_field_count_follows_the_version_gates(int version, int fields) =>
        Assert.Equal(fields, TwsTestFrames.Fields(TwsTestFrames.Encode(new PlaceOrderRequest(1001, Aapl, Market()), version)).Length);

    [Fact]
    public void The_server_decodes_the_hand_built_114_field_order()
    {
        var decoded = TwsRequestDecoder.Decode(TwsTestFrames.Payload([.. PlainOrderFields178()]), 178);
        Assert.Equal(new PlaceOrderRequest(1001, Aapl, Market()), decoded);
    }

    [Fact]
    public void The_order_fields_we_set_land_at_the_brief_s_positions()
    {
        var request = new PlaceOrderRequest(1003, Aapl, new TwsOrder
        {
            Action = "SELL", TotalQuantity = 5, OrderType = "STP LMT", LmtPrice = 99.5m, AuxPrice = 100m, Tif = "GTC", OcaGroup = "oca",
            OcaType = 2, Account = "DU1", OrderRef = "tag", ParentId = 1002, OutsideRth = true, GoodAfterTime = "gat", GoodTillDate = "gtd",
        }, Transmit: false);
        var fields = TwsTestFrames.Fields(TwsTestFrames.Encode(request, 178));
        Assert.Equal("1003", fields[1]);
        Assert.Equal(["SELL", "5", "STP LMT", "99.5", "100", "GTC", "oca", "DU1", "", "0", "tag", "0", "1002"], fields[16..29]);
        Assert.Equal("1", fields[33]); // outsideRth
        Assert.Equal(["gat", "gtd"], fields[37..39]);
        Assert.Equal("2", fields[46]); // ocaType
    }

    [Fact]
    public void The_server_reads_an_order_whose_unset_fields_are_sentinels_as_the_official_client_sends_them()
    {
        var fields = PlainOrderFields178();
        // lmtPrice, auxPrice, minQty, percentOffset, nbboPriceCap, volatility, volatilityType, trailStopPrice,
        // scalePriceIncrement, triggerPrice, duration, postToAts: sentinels instead of empty fields.
        foreach (var (index, value) in new[]
        {
            (19, "1.7976931348623157E+308"), (20, "1.7976931348623157E+308"), (50, "2147483647"), (51, "1.7976931348623157E+308"),
            (54, "1.7976931348623157E+308"), (62, "1.7976931348623157E+308"), (63, "2147483647"), (68, "1.7976931348623157E+308"),
            (72, "1.7976931348623157E+308"), (91, "1.7976931348623157E+308"), (109, "2147483647"), (110, "2147483647"),
        })
        {
            Assert.Equal(string.Empty, fields[index]);
            fields[index] = value;
        }

        Assert.Equal(new PlaceOrderRequest(1001, Aapl, Market()), TwsRequestDecoder.Decode(TwsTestFrames.Payload([.. fields]), 178));
    }

    [Fact]
    public void The_server_walks_the_optional_order_groups_a_real_client_may_send()
    {
        var fields = PlainOrderFields178();
        // Inserted from the end backwards so earlier indices stay valid.
        fields[82] = "Adaptive"; // algoStrategy
        fields.InsertRange(83, ["1", "adaptivePriority", "Normal"]);
        fields[81] = "1"; // deltaNeutralContract flag
        fields.InsertRange(82, ["12087792", "0.5", "101.25"]);
        fields[76] = "BETA"; // hedgeType
        fields.Insert(77, "1.2");
        fields[72] = "0.05"; // scalePriceIncrement
        fields.InsertRange(73, ["", "", "", "0", "", "", ""]);
        fields[64] = "LMT"; // deltaNeutralOrderType
        fields.InsertRange(66, ["0", "", "", "", "", "0", "0", ""]);
        Assert.Equal(114 + 3 + 3 + 1 + 7 + 8, fields.Count);
        Assert.Equal(new PlaceOrderRequest(1001, Aapl, Market()), TwsRequestDecoder.Decode(TwsTestFrames.Payload([.. fields]), 178));
    }

    [Fact]
    public void The_server_rejects_order_conditions_and_combos_it_cannot_walk()
    {
        var withCondition = PlainOrderFields178();
        withCondition[89] = "1"; // conditionsCount
        Assert.Throws<TwsProtocolException>(() => TwsRequestDecoder.Decode(TwsTestFrames.Payload([.. withCondition]), 178));
        var combo = PlainOrderFields178();
        combo[4] = "BAG";
        Assert.Throws<TwsProtocolException>(() => TwsRequestDecoder.Decode(TwsTestFrames.Payload([.. combo]), 178));
    }

    [Theory]
    [InlineData(191, new[] { "4", "1", "1002", "" })]
    [InlineData(192, new[] { "4", "1002", "", "", "" })]
    [InlineData(193, new[] { "4", "1002", "", "", "" })]
    public void CancelOrder_has_a_version_field_before_192_and_cme_tagging_fields_from_192(int version, string[] expected)
    {
        Assert.Equal(expected, TwsTestFrames.Fields(TwsTestFrames.Encode(new CancelOrderRequest(1002), version)));
        Assert.Equal(new CancelOrderRequest(1002), TwsRequestDecoder.Decode(TwsTestFrames.Payload(expected), version));
    }

    [Theory]
    [InlineData(191, new[] { "58", "1" })]
    [InlineData(192, new[] { "58", "", "" })]
    public void GlobalCancel_has_a_version_field_before_192_and_cme_tagging_fields_from_192(int version, string[] expected)
    {
        Assert.Equal(expected, TwsTestFrames.Fields(TwsTestFrames.Encode(new ReqGlobalCancelRequest(), version)));
        Assert.Equal(new ReqGlobalCancelRequest(), TwsRequestDecoder.Decode(TwsTestFrames.Payload(expected), version));
    }

    [Fact]
    public void The_simple_requests_follow_the_brief_s_tables()
    {
        Assert.Equal(["71", "2", "7", ""], TwsTestFrames.Fields(TwsTestFrames.Encode(new StartApiRequest(7), 178)));
        Assert.Equal(["8", "1", "1"], TwsTestFrames.Fields(TwsTestFrames.Encode(new ReqIdsRequest(), 178)));
        Assert.Equal(["49", "1"], TwsTestFrames.Fields(TwsTestFrames.Encode(ReqCurrentTimeRequest.Instance, 178)));
        Assert.Equal(["17", "1"], TwsTestFrames.Fields(TwsTestFrames.Encode(ReqManagedAcctsRequest.Instance, 178)));
        Assert.Equal(["61", "1"], TwsTestFrames.Fields(TwsTestFrames.Encode(ReqPositionsRequest.Instance, 178)));
        Assert.Equal(["5", "1"], TwsTestFrames.Fields(TwsTestFrames.Encode(ReqOpenOrdersRequest.Instance, 178)));
        Assert.Equal(["16", "1"], TwsTestFrames.Fields(TwsTestFrames.Encode(ReqAllOpenOrdersRequest.Instance, 178)));
        Assert.Equal(["15", "1", "1"], TwsTestFrames.Fields(TwsTestFrames.Encode(new ReqAutoOpenOrdersRequest(true), 178)));
        Assert.Equal(
            ["7", "3", "32", "7", "DU1", "20261117-14:30:00", "AAPL", "STK", "SMART", "BUY"],
            TwsTestFrames.Fields(TwsTestFrames.Encode(new ReqExecutionsRequest(32, new TwsExecutionFilter
            {
                ClientId = 7, AcctCode = "DU1", Time = "20261117-14:30:00", Symbol = "AAPL", SecType = "STK", Exchange = "SMART", Side = "BUY",
            }), 178)));
        Assert.Equal(["62", "1", "9", "All", "$LEDGER"], TwsTestFrames.Fields(TwsTestFrames.Encode(new ReqAccountSummaryRequest(9, "All", "$LEDGER"), 178)));
        Assert.Equal(["63", "1", "9"], TwsTestFrames.Fields(TwsTestFrames.Encode(new CancelAccountSummaryRequest(9), 178)));
        Assert.Equal(["6", "2", "1", "DU1"], TwsTestFrames.Fields(TwsTestFrames.Encode(new ReqAccountUpdatesRequest(true, "DU1"), 178)));
        Assert.Equal(["92", "4", "DU1", ""], TwsTestFrames.Fields(TwsTestFrames.Encode(new ReqPnLRequest(4, "DU1"), 178)));
        Assert.Equal(["93", "4"], TwsTestFrames.Fields(TwsTestFrames.Encode(new CancelPnLRequest(4), 178)));
        Assert.Equal(
            ["1", "11", "5", "265598", "AAPL", "STK", "", "0", "", "", "SMART", "ISLAND", "USD", "", "", "0", "233", "1", "0", ""],
            TwsTestFrames.Fields(TwsTestFrames.Encode(new ReqMktDataRequest(5, Aapl, "233", Snapshot: true), 178)));
        Assert.Equal(["2", "2", "5"], TwsTestFrames.Fields(TwsTestFrames.Encode(new CancelMktDataRequest(5), 178)));
        Assert.Equal(["59", "1", "3"], TwsTestFrames.Fields(TwsTestFrames.Encode(new ReqMarketDataTypeRequest(3), 178)));
    }

    [Fact]
    public void The_server_returns_an_unknown_request_for_an_id_it_does_not_know() =>
        Assert.Equal(new UnknownRequest(99), TwsRequestDecoder.Decode(TwsTestFrames.Payload("99", "1", "x"), 178));

    public static TheoryData<TwsOrder> InvalidOrders() => new()
    {
        Market() with { OrderType = "LMT" },
        Market() with { LmtPrice = 10m },
        Market() with { OrderType = "STP", LmtPrice = 10m },
        Market() with { OrderType = "STP LMT", LmtPrice = 10m },
        Market() with { OrderType = "TRAIL" },
        Market() with { Action = "SSHORT" },
        Market() with { TotalQuantity = 0 },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public void The_client_encoder_refuses_orders_it_cannot_express(TwsOrder order) =>
        Assert.Throws<ArgumentException>(() => TwsTestFrames.Encode(new PlaceOrderRequest(1, Aapl, order), 178));

    [Fact]
    public void The_client_encoder_refuses_combos_non_positive_ids_and_unsupported_versions()
    {
        Assert.Throws<ArgumentException>(() => TwsTestFrames.Encode(new PlaceOrderRequest(1, Aapl with { SecType = "BAG" }, Market()), 178));
        Assert.Throws<ArgumentException>(() => TwsTestFrames.Encode(new PlaceOrderRequest(1, Aapl with { Exchange = "IBKRATS" }, Market()), 178));
        Assert.Throws<ArgumentOutOfRangeException>(() => TwsTestFrames.Encode(new PlaceOrderRequest(0, Aapl, Market()), 178));
        Assert.Throws<ArgumentOutOfRangeException>(() => TwsTestFrames.Encode(new PlaceOrderRequest(1, Aapl, Market()), 175));
        Assert.Throws<ArgumentOutOfRangeException>(() => TwsTestFrames.Encode(new PlaceOrderRequest(1, Aapl, Market()), 201));
        Assert.Throws<ArgumentException>(() => TwsTestFrames.Encode(new ReqMktDataRequest(1, Aapl with { SecType = "BAG" }), 178));
    }
}
