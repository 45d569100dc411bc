namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Client side: decodes TWS → client messages, text protocol at server versions 176–194. <see cref="Decode"/>
/// dispatches on the id; each <c>Decode*</c> method reads one message from a reader positioned after the id. Layouts
/// are from the protocol brief (docs/tws-protocol.md §3); "v" is the version field TWS sends after the id, read and
/// ignored. Fields TWS appends after the ones we know are ignored; a missing or malformed field throws
/// <see cref="TwsProtocolException"/>.
/// </summary>
public static partial class TwsMessageDecoder
{
    /// <summary>
    /// Decodes one frame's payload. Ticks come back by value (nothing allocated); unknown ids come back as
    /// <see cref="UnknownMessage"/>, not as an error.
    /// </summary>
    public static TwsDecodedMessage Decode(ReadOnlySpan<byte> payload, int serverVersion)
    {
        TwsServerVersions.EnsureSupported(serverVersion);
        var reader = new TwsFieldReader(payload);
        var id = reader.ReadInt();
        return id switch
        {
            TwsIncomingMessageId.TickPrice => new TwsDecodedMessage(DecodeTickPrice(ref reader)),
            TwsIncomingMessageId.TickSize => new TwsDecodedMessage(DecodeTickSize(ref reader)),
            TwsIncomingMessageId.OrderStatus => new TwsDecodedMessage(DecodeOrderStatus(ref reader)),
            TwsIncomingMessageId.Error => new TwsDecodedMessage(DecodeError(ref reader, serverVersion)),
            TwsIncomingMessageId.OpenOrder => new TwsDecodedMessage(DecodeOpenOrder(ref reader, serverVersion)),
            TwsIncomingMessageId.UpdateAccountValue => new TwsDecodedMessage(DecodeUpdateAccountValue(ref reader)),
            TwsIncomingMessageId.NextValidId => new TwsDecodedMessage(DecodeNextValidId(ref reader)),
            TwsIncomingMessageId.ExecDetails => new TwsDecodedMessage(DecodeExecDetails(ref reader, serverVersion)),
            TwsIncomingMessageId.ManagedAccounts => new TwsDecodedMessage(DecodeManagedAccounts(ref reader)),
            TwsIncomingMessageId.CurrentTime => new TwsDecodedMessage(DecodeCurrentTime(ref reader)),
            TwsIncomingMessageId.OpenOrderEnd => new TwsDecodedMessage(DecodeOpenOrderEnd(ref reader)),
            TwsIncomingMessageId.ExecDetailsEnd => new TwsDecodedMessage(DecodeExecDetailsEnd(ref reader)),
            TwsIncomingMessageId.MarketDataType => new TwsDecodedMessage(DecodeMarketDataType(ref reader)),
            TwsIncomingMessageId.CommissionReport => new TwsDecodedMessage(DecodeCommissionReport(ref reader)),
            TwsIncomingMessageId.Position => new TwsDecodedMessage(DecodePosition(ref reader)),
            TwsIncomingMessageId.PositionEnd => new TwsDecodedMessage(DecodePositionEnd(ref reader)),
            TwsIncomingMessageId.AccountSummary => new TwsDecodedMessage(DecodeAccountSummary(ref reader)),
            TwsIncomingMessageId.AccountSummaryEnd => new TwsDecodedMessage(DecodeAccountSummaryEnd(ref reader)),
            TwsIncomingMessageId.PnL => new TwsDecodedMessage(DecodePnL(ref reader)),
            _ => new TwsDecodedMessage(new UnknownMessage(id)),
        };
    }

    // tickPrice: id 1, v6; reqId, tickType, price, size, attrMask (bit0 canAutoExecute, bit1 pastLimit, bit2 preOpen).
    public static TickPriceMessage DecodeTickPrice(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var reqId = reader.ReadInt();
        var tickType = reader.ReadInt();
        var price = reader.ReadNullableDecimal();
        var size = reader.ReadNullableDecimal();
        var attrMask = reader.ReadInt();
        return new TickPriceMessage(reqId, tickType, price, size, attrMask);
    }

    // tickSize: id 2, v6; reqId, tickType, size.
    public static TickSizeMessage DecodeTickSize(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var reqId = reader.ReadInt();
        var tickType = reader.ReadInt();
        return new TickSizeMessage(reqId, tickType, reader.ReadNullableDecimal());
    }

    // orderStatus: id 3, no v (≥131); orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice,
    // clientId, whyHeld, mktCapPrice.
    public static OrderStatusMessage DecodeOrderStatus(ref TwsFieldReader reader)
    {
        var orderId = reader.ReadInt();
        var status = reader.ReadString();
        var filled = reader.ReadDecimal();
        var remaining = reader.ReadDecimal();
        var avgFillPrice = reader.ReadNullableDecimal();
        var permId = reader.ReadLong();
        var parentId = reader.ReadNullableInt() ?? 0;
        var lastFillPrice = reader.ReadNullableDecimal();
        var clientId = reader.ReadInt();
        var whyHeld = reader.ReadString();
        var mktCapPrice = reader.ReadNullableDecimal();
        return new OrderStatusMessage(orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice);
    }

    // error: id 4. Below 194: v2; id, code, message, advancedOrderRejectJson (≥166).
    // From 194: no v; id, code, message, advancedOrderRejectJson, errorTime (epoch ms).
    // Non-ASCII in the message arrives as \uXXXX (≥153) and is decoded.
    public static ErrorMessage DecodeError(ref TwsFieldReader reader, int serverVersion)
    {
        if (serverVersion < TwsServerVersions.ErrorTime)
            reader.Skip(); // version
        var id = reader.ReadInt();
        var code = reader.ReadInt();
        var message = TwsText.UnescapeUnicode(reader.ReadString());
        var json = reader.ReadString();
        long? errorTime = serverVersion >= TwsServerVersions.ErrorTime ? reader.ReadNullableLong() : null;
        return new ErrorMessage(id, code, message, json, errorTime);
    }

    // updateAccountValue: id 6, v2; key, value, currency, account.
    public static UpdateAccountValueMessage DecodeUpdateAccountValue(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var key = reader.ReadString();
        var value = reader.ReadString();
        var currency = reader.ReadString();
        return new UpdateAccountValueMessage(key, value, currency, reader.ReadString());
    }

    // nextValidId: id 9, v1; orderId.
    public static NextValidIdMessage DecodeNextValidId(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new NextValidIdMessage(reader.ReadInt());
    }

    // managedAccounts: id 15, v1; accountsList (comma separated).
    public static ManagedAccountsMessage DecodeManagedAccounts(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new ManagedAccountsMessage(reader.ReadString());
    }

    // currentTime: id 49, v1; epoch seconds.
    public static CurrentTimeMessage DecodeCurrentTime(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new CurrentTimeMessage(reader.ReadLong());
    }

    // openOrderEnd: id 53, v1; no fields.
    public static OpenOrderEndMessage DecodeOpenOrderEnd(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return OpenOrderEndMessage.Instance;
    }

    // execDetailsEnd: id 55, v1; reqId.
    public static ExecDetailsEndMessage DecodeExecDetailsEnd(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new ExecDetailsEndMessage(reader.ReadInt());
    }

    // marketDataType: id 58, v1; reqId, type.
    public static MarketDataTypeMessage DecodeMarketDataType(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var reqId = reader.ReadInt();
        return new MarketDataTypeMessage(reqId, reader.ReadInt());
    }

    // commissionReport: id 59, v1; execId, commission, currency, realizedPNL, yield, yieldRedemptionDate.
    public static CommissionReportMessage DecodeCommissionReport(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var execId = reader.ReadString();
        var commission = reader.ReadNullableDecimal();
        var currency = reader.ReadString();
        var realizedPnl = reader.ReadNullableDecimal();
        var yield = reader.ReadNullableDecimal();
        var redemptionDate = reader.ReadNullableInt();
        return new CommissionReportMessage(execId, commission, currency, realizedPnl, yield, redemptionDate);
    }

    // position: id 61, v3; account, conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier,
    // exchange, currency, localSymbol, tradingClass, position, avgCost.
    public static PositionMessage DecodePosition(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var account = reader.ReadString();
        var contract = ReadContract11(ref reader);
        var position = reader.ReadDecimal();
        var avgCost = reader.ReadNullableDecimal();
        return new PositionMessage(account, contract, position, avgCost);
    }

    // positionEnd: id 62, v1; no fields.
    public static PositionEndMessage DecodePositionEnd(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return PositionEndMessage.Instance;
    }

    // accountSummary: id 63, v1; reqId, account, tag, value, currency.
    public static AccountSummaryMessage DecodeAccountSummary(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        var reqId = reader.ReadInt();
        var account = reader.ReadString();
        var tag = reader.ReadString();
        var value = reader.ReadString();
        return new AccountSummaryMessage(reqId, account, tag, value, reader.ReadString());
    }

    // accountSummaryEnd: id 64, v1; reqId.
    public static AccountSummaryEndMessage DecodeAccountSummaryEnd(ref TwsFieldReader reader)
    {
        reader.Skip(); // version
        return new AccountSummaryEndMessage(reader.ReadInt());
    }

    // pnl: id 94, no v; reqId, dailyPnL, unrealizedPnL (≥129), realizedPnL (≥135).
    public static PnLMessage DecodePnL(ref TwsFieldReader reader)
    {
        var reqId = reader.ReadInt();
        var daily = reader.ReadNullableDecimal();
        var unrealized = reader.ReadNullableDecimal();
        var realized = reader.ReadNullableDecimal();
        return new PnLMessage(reqId, daily, unrealized, realized);
    }

    // The 11-field contract of openOrder, position and execDetails (no primaryExchange): conId, symbol, secType,
    // lastTradeDateOrContractMonth, strike, right, multiplier, exchange, currency, localSymbol, tradingClass.
    internal static TwsContract ReadContract11(ref TwsFieldReader reader) => new()
    {
        ConId = reader.ReadNullableInt() ?? 0,
        Symbol = reader.ReadString(),
        SecType = reader.ReadString(),
        LastTradeDateOrContractMonth = reader.ReadString(),
        Strike = reader.ReadNullableDecimal() ?? 0m,
        Right = reader.ReadString(),
        Multiplier = reader.ReadString(),
        Exchange = reader.ReadString(),
        Currency = reader.ReadString(),
        LocalSymbol = reader.ReadString(),
        TradingClass = reader.ReadString(),
    };
}
