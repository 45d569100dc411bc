using System.Buffers;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Client side: one writer per request (client → TWS), text protocol at server versions 176–194. Each method writes
/// the fields of one message, id first; <see cref="WriteFrame"/> frames it. Layouts are from the protocol brief
/// (docs/tws-protocol.md §3); "v" is the literal version field sent after the id.
/// </summary>
public static partial class TwsRequestEncoder
{
    /// <summary>Writes any request as one frame to <paramref name="destination"/>.</summary>
    public static void WriteFrame(TwsFrameWriter frames, IBufferWriter<byte> destination, TwsRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(frames);
        Write(frames.Begin(), request, serverVersion);
        frames.CompleteTo(destination);
    }

    /// <summary>Writes any request's fields (no frame).</summary>
    public static void Write(TwsFieldWriter writer, TwsRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request)
        {
            case StartApiRequest r: WriteStartApi(writer, r, serverVersion); break;
            case ReqIdsRequest r: WriteReqIds(writer, r, serverVersion); break;
            case ReqCurrentTimeRequest: WriteNoFields(writer, TwsOutgoingMessageId.ReqCurrentTime, serverVersion); break;
            case ReqManagedAcctsRequest: WriteNoFields(writer, TwsOutgoingMessageId.ReqManagedAccts, serverVersion); break;
            case ReqPositionsRequest: WriteNoFields(writer, TwsOutgoingMessageId.ReqPositions, serverVersion); break;
            case CancelPositionsRequest: WriteNoFields(writer, TwsOutgoingMessageId.CancelPositions, serverVersion); break;
            case ReqOpenOrdersRequest: WriteNoFields(writer, TwsOutgoingMessageId.ReqOpenOrders, serverVersion); break;
            case ReqAllOpenOrdersRequest: WriteNoFields(writer, TwsOutgoingMessageId.ReqAllOpenOrders, serverVersion); break;
            case ReqAutoOpenOrdersRequest r: WriteReqAutoOpenOrders(writer, r, serverVersion); break;
            case ReqExecutionsRequest r: WriteReqExecutions(writer, r, serverVersion); break;
            case PlaceOrderRequest r: WritePlaceOrder(writer, r, serverVersion); break;
            case CancelOrderRequest r: WriteCancelOrder(writer, r, serverVersion); break;
            case ReqGlobalCancelRequest r: WriteReqGlobalCancel(writer, r, serverVersion); break;
            case ReqAccountSummaryRequest r: WriteReqAccountSummary(writer, r, serverVersion); break;
            case CancelAccountSummaryRequest r: WriteCancelAccountSummary(writer, r, serverVersion); break;
            case ReqAccountUpdatesRequest r: WriteReqAccountUpdates(writer, r, serverVersion); break;
            case ReqPnLRequest r: WriteReqPnL(writer, r, serverVersion); break;
            case CancelPnLRequest r: WriteCancelPnL(writer, r, serverVersion); break;
            case ReqMktDataRequest r: WriteReqMktData(writer, r, serverVersion); break;
            case CancelMktDataRequest r: WriteCancelMktData(writer, r, serverVersion); break;
            case ReqMarketDataTypeRequest r: WriteReqMarketDataType(writer, r, serverVersion); break;
            default: throw new ArgumentException($"No encoder for {request.GetType().Name}.", nameof(request));
        }
    }

    // startApi: id 71, v2; clientId, optionalCapabilities (≥72, sent empty). All versions ≥ 176.
    public static void WriteStartApi(TwsFieldWriter writer, StartApiRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.StartApi);
        writer.Write(2);
        writer.Write(request.ClientId);
        writer.Write(request.OptionalCapabilities);
    }

    // reqIds: id 8, v1; numIds (deprecated). Reply: nextValidId (9).
    public static void WriteReqIds(TwsFieldWriter writer, ReqIdsRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.ReqIds);
        writer.Write(1);
        writer.Write(request.NumIds);
    }

    // The requests with no fields after "id, v1":
    //   reqCurrentTime 49, reqManagedAccts 17, reqPositions 61, cancelPositions 64, reqOpenOrders 5, reqAllOpenOrders 16.
    public static void WriteNoFields(TwsFieldWriter writer, int messageId, int serverVersion)
    {
        TwsServerVersions.EnsureSupported(serverVersion);
        if (messageId is not (TwsOutgoingMessageId.ReqCurrentTime or TwsOutgoingMessageId.ReqManagedAccts or TwsOutgoingMessageId.ReqPositions
            or TwsOutgoingMessageId.CancelPositions or TwsOutgoingMessageId.ReqOpenOrders or TwsOutgoingMessageId.ReqAllOpenOrders))
            throw new ArgumentOutOfRangeException(nameof(messageId), messageId, "Not a request without fields.");
        writer.Write(messageId);
        writer.Write(1);
    }

    // reqAutoOpenOrders: id 15, v1; autoBind. Client id 0 only.
    public static void WriteReqAutoOpenOrders(TwsFieldWriter writer, ReqAutoOpenOrdersRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.ReqAutoOpenOrders);
        writer.Write(1);
        writer.Write(request.AutoBind);
    }

    // reqExecutions: id 7, v3; reqId, clientId, acctCode, time, symbol, secType, exchange, side.
    // (≥200 adds lastNDays and specificDates: beyond MaxSupported.)
    public static void WriteReqExecutions(TwsFieldWriter writer, ReqExecutionsRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Filter);
        TwsServerVersions.EnsureSupported(serverVersion);
        var filter = request.Filter;
        writer.Write(TwsOutgoingMessageId.ReqExecutions);
        writer.Write(3);
        writer.Write(request.ReqId);
        writer.Write(filter.ClientId);
        writer.Write(filter.AcctCode);
        writer.Write(filter.Time);
        writer.Write(filter.Symbol);
        writer.Write(filter.SecType);
        writer.Write(filter.Exchange);
        writer.Write(filter.Side);
    }

    // cancelOrder: id 4. Below 192: v1; orderId, manualOrderCancelTime (≥169).
    // From 192: no v; orderId, manualOrderCancelTime, extOperator, manualOrderIndicator.
    public static void WriteCancelOrder(TwsFieldWriter writer, CancelOrderRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.CancelOrder);
        if (serverVersion < TwsServerVersions.CmeTagging)
            writer.Write(1);
        writer.Write(request.OrderId);
        writer.Write(request.ManualOrderCancelTime);
        if (serverVersion >= TwsServerVersions.CmeTagging)
        {
            writer.Write(request.ExtOperator);
            writer.WriteOrEmpty(request.ManualOrderIndicator);
        }
    }

    // reqGlobalCancel: id 58. Below 192: v1, no fields. From 192: no v; extOperator, manualOrderIndicator.
    // Cancels every open order, manual TWS orders included.
    public static void WriteReqGlobalCancel(TwsFieldWriter writer, ReqGlobalCancelRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.ReqGlobalCancel);
        if (serverVersion < TwsServerVersions.CmeTagging)
        {
            writer.Write(1);
            return;
        }

        writer.Write(request.ExtOperator);
        writer.WriteOrEmpty(request.ManualOrderIndicator);
    }

    // reqAccountSummary: id 62, v1; reqId, group ("All"), tags (comma list or "$LEDGER").
    public static void WriteReqAccountSummary(TwsFieldWriter writer, ReqAccountSummaryRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.ReqAccountSummary);
        writer.Write(1);
        writer.Write(request.ReqId);
        writer.Write(request.Group);
        writer.Write(request.Tags);
    }

    // cancelAccountSummary: id 63, v1; reqId.
    public static void WriteCancelAccountSummary(TwsFieldWriter writer, CancelAccountSummaryRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.CancelAccountSummary);
        writer.Write(1);
        writer.Write(request.ReqId);
    }

    // reqAccountUpdates: id 6, v2; subscribe, acctCode.
    public static void WriteReqAccountUpdates(TwsFieldWriter writer, ReqAccountUpdatesRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.ReqAccountUpdates);
        writer.Write(2);
        writer.Write(request.Subscribe);
        writer.Write(request.AccountCode);
    }

    // reqPnL: id 92, no v; reqId, account, modelCode.
    public static void WriteReqPnL(TwsFieldWriter writer, ReqPnLRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.ReqPnL);
        writer.Write(request.ReqId);
        writer.Write(request.Account);
        writer.Write(request.ModelCode);
    }

    // cancelPnL: id 93, no v; reqId.
    public static void WriteCancelPnL(TwsFieldWriter writer, CancelPnLRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.CancelPnL);
        writer.Write(request.ReqId);
    }

    // reqMktData: id 1, v11; reqId, contract(12), [BAG legs: not supported], deltaNeutral flag (0), genericTickList,
    // snapshot, regulatorySnapshot, mktDataOptions.
    public static void WriteReqMktData(TwsFieldWriter writer, ReqMktDataRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Contract);
        TwsServerVersions.EnsureSupported(serverVersion);
        RejectUnsupportedContract(request.Contract);
        writer.Write(TwsOutgoingMessageId.ReqMktData);
        writer.Write(11);
        writer.Write(request.ReqId);
        WriteContract12(writer, request.Contract);
        writer.Write(false);
        writer.Write(request.GenericTickList);
        writer.Write(request.Snapshot);
        writer.Write(request.RegulatorySnapshot);
        writer.Write(request.MktDataOptions);
    }

    // cancelMktData: id 2, v2; reqId.
    public static void WriteCancelMktData(TwsFieldWriter writer, CancelMktDataRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.CancelMktData);
        writer.Write(2);
        writer.Write(request.ReqId);
    }

    // reqMarketDataType: id 59, v1; type (1 live, 2 frozen, 3 delayed, 4 delayed-frozen).
    public static void WriteReqMarketDataType(TwsFieldWriter writer, ReqMarketDataTypeRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsOutgoingMessageId.ReqMarketDataType);
        writer.Write(1);
        writer.Write(request.MarketDataType);
    }

    // contract(12): conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange,
    // primaryExchange, currency, localSymbol, tradingClass.
    internal static void WriteContract12(TwsFieldWriter writer, TwsContract contract)
    {
        writer.Write(contract.ConId);
        writer.Write(contract.Symbol);
        writer.Write(contract.SecType);
        writer.Write(contract.LastTradeDateOrContractMonth);
        writer.Write(contract.Strike);
        writer.Write(contract.Right);
        writer.Write(contract.Multiplier);
        writer.Write(contract.Exchange);
        writer.Write(contract.PrimaryExchange);
        writer.Write(contract.Currency);
        writer.Write(contract.LocalSymbol);
        writer.Write(contract.TradingClass);
    }

    private static void RejectUnsupportedContract(TwsContract contract)
    {
        // BAG (combo) contracts add leg groups to reqMktData and placeOrder that this encoder does not write.
        if (string.Equals(contract.SecType, "BAG", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("Combo (BAG) contracts are not supported.", nameof(contract));
    }
}
