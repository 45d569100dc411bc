namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Server side (the simulator): decodes client → TWS requests, text protocol at server versions 176–194, as tolerantly
/// as TWS does: version fields are read and ignored, fields we do not use are skipped without parsing, and unset
/// values may be empty or sentinels. Unknown ids come back as <see cref="UnknownRequest"/>. Same layouts as
/// <see cref="TwsRequestEncoder"/>. Malformed frames, and the few optional groups we cannot walk (combo legs, order
/// conditions, PEG BEST/PEG MID/IBKRATS extras), throw <see cref="TwsProtocolException"/>.
/// </summary>
public static partial class TwsRequestDecoder
{
    /// <summary>Decodes one frame's payload.</summary>
    public static TwsRequest Decode(ReadOnlySpan<byte> payload, int serverVersion)
    {
        TwsServerVersions.EnsureSupported(serverVersion);
        var reader = new TwsFieldReader(payload);
        var id = reader.ReadInt();
        return id switch
        {
            TwsOutgoingMessageId.ReqMktData => DecodeReqMktData(ref reader),
            TwsOutgoingMessageId.CancelMktData => DecodeCancelMktData(ref reader),
            TwsOutgoingMessageId.PlaceOrder => DecodePlaceOrder(ref reader, serverVersion),
            TwsOutgoingMessageId.CancelOrder => DecodeCancelOrder(ref reader, serverVersion),
            TwsOutgoingMessageId.ReqOpenOrders => DecodeNoFields(ref reader, ReqOpenOrdersRequest.Instance),
            TwsOutgoingMessageId.ReqAccountUpdates => DecodeReqAccountUpdates(ref reader),
            TwsOutgoingMessageId.ReqExecutions => DecodeReqExecutions(ref reader),
            TwsOutgoingMessageId.ReqIds => DecodeReqIds(ref reader),
            TwsOutgoingMessageId.ReqAutoOpenOrders => DecodeReqAutoOpenOrders(ref reader),
            TwsOutgoingMessageId.ReqAllOpenOrders => DecodeNoFields(ref reader, ReqAllOpenOrdersRequest.Instance),
            TwsOutgoingMessageId.ReqManagedAccts => DecodeNoFields(ref reader, ReqManagedAcctsRequest.Instance),
            TwsOutgoingMessageId.ReqCurrentTime => DecodeNoFields(ref reader, ReqCurrentTimeRequest.Instance),
            TwsOutgoingMessageId.ReqGlobalCancel => DecodeReqGlobalCancel(ref reader, serverVersion),
            TwsOutgoingMessageId.ReqMarketDataType => DecodeReqMarketDataType(ref reader),
            TwsOutgoingMessageId.ReqPositions => DecodeNoFields(ref reader, ReqPositionsRequest.Instance),
            TwsOutgoingMessageId.ReqAccountSummary => DecodeReqAccountSummary(ref reader),
            TwsOutgoingMessageId.CancelAccountSummary => DecodeCancelAccountSummary(ref reader),
            TwsOutgoingMessageId.CancelPositions => DecodeNoFields(ref reader, CancelPositionsRequest.Instance),
            TwsOutgoingMessageId.StartApi => DecodeStartApi(ref reader),
            TwsOutgoingMessageId.ReqPnL => DecodeReqPnL(ref reader),
            TwsOutgoingMessageId.CancelPnL => DecodeCancelPnL(ref reader),
            _ => new UnknownRequest(id),
        };
    }

    // reqCurrentTime 49, reqManagedAccts 17, reqPositions 61, cancelPositions 64, reqOpenOrders 5,
    // reqAllOpenOrders 16: id, v1, nothing else.
    private static TwsRequest DecodeNoFields(ref TwsFieldReader reader, TwsRequest instance)
    {
        reader.Skip(); // version
        return instance;
    }

    // startApi: id 71, v2; clientId, optionalCapabilities (≥72).
    public static StartApiRequest DecodeStartApi(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var clientId = reader.ReadInt();
        var capabilities = reader.HasMore ? reader.ReadString() : string.Empty;
        return new StartApiRequest(clientId, capabilities);
    }

    // reqIds: id 8, v1; numIds.
    public static ReqIdsRequest DecodeReqIds(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new ReqIdsRequest(reader.ReadInt());
    }

    // reqAutoOpenOrders: id 15, v1; autoBind.
    public static ReqAutoOpenOrdersRequest DecodeReqAutoOpenOrders(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new ReqAutoOpenOrdersRequest(reader.ReadBool());
    }

    // reqExecutions: id 7, v3; reqId, clientId, acctCode, time, symbol, secType, exchange, side.
    public static ReqExecutionsRequest DecodeReqExecutions(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var reqId = reader.ReadInt();
        var filter = new TwsExecutionFilter
        {
            ClientId = reader.ReadNullableInt() ?? 0,
            AcctCode = reader.ReadString(),
            Time = reader.ReadString(),
            Symbol = reader.ReadString(),
            SecType = reader.ReadString(),
            Exchange = reader.ReadString(),
            Side = reader.ReadString(),
        };
        return new ReqExecutionsRequest(reqId, filter);
    }

    // cancelOrder: id 4. Below 192: v1; orderId, manualOrderCancelTime (≥169).
    // From 192: no v; orderId, manualOrderCancelTime, extOperator, manualOrderIndicator.
    public static CancelOrderRequest DecodeCancelOrder(ref TwsFieldReader reader, int serverVersion)
    {
        if (serverVersion < TwsServerVersions.CmeTagging)
            reader.Skip(); // version
        var orderId = reader.ReadInt();
        var cancelTime = reader.ReadString();
        if (serverVersion < TwsServerVersions.CmeTagging)
            return new CancelOrderRequest(orderId, cancelTime);
        var extOperator = reader.ReadString();
        return new CancelOrderRequest(orderId, cancelTime, extOperator, reader.ReadNullableInt());
    }

    // reqGlobalCancel: id 58. Below 192: v1. From 192: no v; extOperator, manualOrderIndicator.
    public static ReqGlobalCancelRequest DecodeReqGlobalCancel(ref TwsFieldReader reader, int serverVersion)
    {
        if (serverVersion < TwsServerVersions.CmeTagging)
        {
            reader.Skip(); // version
            return new ReqGlobalCancelRequest();
        }

        var extOperator = reader.ReadString();
        return new ReqGlobalCancelRequest(extOperator, reader.ReadNullableInt());
    }

    // reqAccountSummary: id 62, v1; reqId, group, tags.
    public static ReqAccountSummaryRequest DecodeReqAccountSummary(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var reqId = reader.ReadInt();
        var group = reader.ReadString();
        return new ReqAccountSummaryRequest(reqId, group, reader.ReadString());
    }

    // cancelAccountSummary: id 63, v1; reqId.
    public static CancelAccountSummaryRequest DecodeCancelAccountSummary(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new CancelAccountSummaryRequest(reader.ReadInt());
    }

    // reqAccountUpdates: id 6, v2; subscribe, acctCode.
    public static ReqAccountUpdatesRequest DecodeReqAccountUpdates(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var subscribe = reader.ReadBool();
        return new ReqAccountUpdatesRequest(subscribe, reader.ReadString());
    }

    // reqPnL: id 92, no v; reqId, account, modelCode.
    public static ReqPnLRequest DecodeReqPnL(ref TwsFieldReader reader)
    {
        var reqId = reader.ReadInt();
        var account = reader.ReadString();
        return new ReqPnLRequest(reqId, account, reader.ReadString());
    }

    // cancelPnL: id 93, no v; reqId.
    public static CancelPnLRequest DecodeCancelPnL(ref TwsFieldReader reader) => new(reader.ReadInt());

    // reqMktData: id 1, v11; reqId, contract(12), [BAG legs], deltaNeutral flag, genericTickList, snapshot,
    // regulatorySnapshot, mktDataOptions.
    public static ReqMktDataRequest DecodeReqMktData(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var reqId = reader.ReadInt();
        var contract = ReadContract12(ref reader);
        RejectCombo(contract);
        if (reader.ReadBool())
            throw new TwsProtocolException("reqMktData with a delta-neutral contract is not supported.");
        var genericTicks = reader.ReadString();
        var snapshot = reader.ReadBool();
        var regulatory = reader.ReadBool();
        var options = reader.ReadString();
        return new ReqMktDataRequest(reqId, contract, genericTicks, snapshot, regulatory, options);
    }

    // cancelMktData: id 2, v2; reqId.
    public static CancelMktDataRequest DecodeCancelMktData(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new CancelMktDataRequest(reader.ReadInt());
    }

    // reqMarketDataType: id 59, v1; type.
    public static ReqMarketDataTypeRequest DecodeReqMarketDataType(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new ReqMarketDataTypeRequest(reader.ReadInt());
    }

    // contract(12): conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange,
    // primaryExchange, currency, localSymbol, tradingClass.
    internal static TwsContract ReadContract12(ref TwsFieldReader reader) => new()
    {
        ConId = reader.ReadNullableInt() ?? 0,
        Symbol = reader.ReadString(),
        SecType = reader.ReadString(),
        LastTradeDateOrContractMonth = reader.ReadString(),
        Strike = reader.ReadNullableDecimal() ?? 0m,
        Right = reader.ReadString(),
        Multiplier = reader.ReadString(),
        Exchange = reader.ReadString(),
        PrimaryExchange = reader.ReadString(),
        Currency = reader.ReadString(),
        LocalSymbol = reader.ReadString(),
        TradingClass = reader.ReadString(),
    };

    private static void RejectCombo(TwsContract contract)
    {
        if (string.Equals(contract.SecType, "BAG", StringComparison.OrdinalIgnoreCase))
            throw new TwsProtocolException("Combo (BAG) contracts are not supported by this server.");
    }
}
