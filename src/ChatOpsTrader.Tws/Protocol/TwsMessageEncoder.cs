using System.Buffers;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>
/// Server side (the simulator): writes TWS → client messages the way TWS does, so official and third-party clients
/// read them, not only ours. Unset numbers are written as TWS's sentinels (<c>2147483647</c>,
/// <c>1.7976931348623157E308</c>), never as empty fields, because some clients parse numbers without an empty check.
/// Same layouts as <see cref="TwsMessageDecoder"/>.
/// </summary>
public static partial class TwsMessageEncoder
{
    /// <summary>Writes any message as one frame to <paramref name="destination"/>.</summary>
    public static void WriteFrame(TwsFrameWriter frames, IBufferWriter<byte> destination, TwsMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(frames);
        Write(frames.Begin(), message, serverVersion);
        frames.CompleteTo(destination);
    }

    /// <summary>Writes a tickPrice as one frame.</summary>
    public static void WriteFrame(TwsFrameWriter frames, IBufferWriter<byte> destination, TickPriceMessage tick, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(frames);
        WriteTickPrice(frames.Begin(), tick, serverVersion);
        frames.CompleteTo(destination);
    }

    /// <summary>Writes a tickSize as one frame.</summary>
    public static void WriteFrame(TwsFrameWriter frames, IBufferWriter<byte> destination, TickSizeMessage tick, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(frames);
        WriteTickSize(frames.Begin(), tick, serverVersion);
        frames.CompleteTo(destination);
    }

    /// <summary>Writes any non-tick message's fields (no frame).</summary>
    public static void Write(TwsFieldWriter writer, TwsMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case OrderStatusMessage m: WriteOrderStatus(writer, m, serverVersion); break;
            case ErrorMessage m: WriteError(writer, m, serverVersion); break;
            case OpenOrderMessage m: WriteOpenOrder(writer, m, serverVersion); break;
            case UpdateAccountValueMessage m: WriteUpdateAccountValue(writer, m, serverVersion); break;
            case NextValidIdMessage m: WriteNextValidId(writer, m, serverVersion); break;
            case ExecDetailsMessage m: WriteExecDetails(writer, m, serverVersion); break;
            case ManagedAccountsMessage m: WriteManagedAccounts(writer, m, serverVersion); break;
            case CurrentTimeMessage m: WriteCurrentTime(writer, m, serverVersion); break;
            case OpenOrderEndMessage: WriteVersionOnly(writer, TwsIncomingMessageId.OpenOrderEnd, serverVersion); break;
            case ExecDetailsEndMessage m: WriteExecDetailsEnd(writer, m, serverVersion); break;
            case MarketDataTypeMessage m: WriteMarketDataType(writer, m, serverVersion); break;
            case CommissionReportMessage m: WriteCommissionReport(writer, m, serverVersion); break;
            case PositionMessage m: WritePosition(writer, m, serverVersion); break;
            case PositionEndMessage: WriteVersionOnly(writer, TwsIncomingMessageId.PositionEnd, serverVersion); break;
            case AccountSummaryMessage m: WriteAccountSummary(writer, m, serverVersion); break;
            case AccountSummaryEndMessage m: WriteAccountSummaryEnd(writer, m, serverVersion); break;
            case PnLMessage m: WritePnL(writer, m, serverVersion); break;
            default: throw new ArgumentException($"No encoder for {message.GetType().Name}.", nameof(message));
        }
    }

    // tickPrice: id 1, v6; reqId, tickType, price, size, attrMask.
    public static void WriteTickPrice(TwsFieldWriter writer, TickPriceMessage tick, int serverVersion)
    {
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.TickPrice);
        writer.Write(6);
        writer.Write(tick.ReqId);
        writer.Write(tick.TickType);
        writer.WriteOrUnsetDouble(tick.Price);
        writer.WriteOrUnsetDouble(tick.Size);
        writer.Write(tick.AttrMask);
    }

    // tickSize: id 2, v6; reqId, tickType, size.
    public static void WriteTickSize(TwsFieldWriter writer, TickSizeMessage tick, int serverVersion)
    {
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.TickSize);
        writer.Write(6);
        writer.Write(tick.ReqId);
        writer.Write(tick.TickType);
        writer.WriteOrUnsetDouble(tick.Size);
    }

    // orderStatus: id 3, no v (≥131); orderId, status, filled, remaining, avgFillPrice, permId, parentId,
    // lastFillPrice, clientId, whyHeld, mktCapPrice.
    public static void WriteOrderStatus(TwsFieldWriter writer, OrderStatusMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.OrderStatus);
        writer.Write(message.OrderId);
        writer.Write(message.Status);
        writer.Write(message.Filled);
        writer.Write(message.Remaining);
        writer.WriteOrUnsetDouble(message.AvgFillPrice);
        writer.Write(message.PermId);
        writer.Write(message.ParentId);
        writer.WriteOrUnsetDouble(message.LastFillPrice);
        writer.Write(message.ClientId);
        writer.Write(message.WhyHeld);
        writer.WriteOrUnsetDouble(message.MktCapPrice);
    }

    // error: id 4. Below 194: v2; id, code, message, advancedOrderRejectJson (≥166).
    // From 194: no v; id, code, message, advancedOrderRejectJson, errorTime (epoch ms).
    // Non-ASCII in the message is escaped as \uXXXX, as TWS does (≥153).
    public static void WriteError(TwsFieldWriter writer, ErrorMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.Error);
        if (serverVersion < TwsServerVersions.ErrorTime)
            writer.Write(2);
        writer.Write(message.Id);
        writer.Write(message.Code);
        writer.Write(TwsText.EscapeUnicode(message.Message));
        writer.Write(message.AdvancedOrderRejectJson);
        if (serverVersion >= TwsServerVersions.ErrorTime)
        {
            if (message.ErrorTime is { } time)
                writer.Write(time);
            else
                writer.WriteEmpty();
        }
    }

    // updateAccountValue: id 6, v2; key, value, currency, account.
    public static void WriteUpdateAccountValue(TwsFieldWriter writer, UpdateAccountValueMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.UpdateAccountValue);
        writer.Write(2);
        writer.Write(message.Key);
        writer.Write(message.Value);
        writer.Write(message.Currency);
        writer.Write(message.Account);
    }

    // nextValidId: id 9, v1; orderId.
    public static void WriteNextValidId(TwsFieldWriter writer, NextValidIdMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.NextValidId);
        writer.Write(1);
        writer.Write(message.OrderId);
    }

    // managedAccounts: id 15, v1; accountsList.
    public static void WriteManagedAccounts(TwsFieldWriter writer, ManagedAccountsMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.ManagedAccounts);
        writer.Write(1);
        writer.Write(message.AccountsList);
    }

    // currentTime: id 49, v1; epoch seconds.
    public static void WriteCurrentTime(TwsFieldWriter writer, CurrentTimeMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.CurrentTime);
        writer.Write(1);
        writer.Write(message.EpochSeconds);
    }

    // The messages with no fields after "id, v1": openOrderEnd 53, positionEnd 62.
    public static void WriteVersionOnly(TwsFieldWriter writer, int messageId, int serverVersion)
    {
        TwsServerVersions.EnsureSupported(serverVersion);
        if (messageId is not (TwsIncomingMessageId.OpenOrderEnd or TwsIncomingMessageId.PositionEnd))
            throw new ArgumentOutOfRangeException(nameof(messageId), messageId, "Not a message without fields.");
        writer.Write(messageId);
        writer.Write(1);
    }

    // execDetailsEnd: id 55, v1; reqId.
    public static void WriteExecDetailsEnd(TwsFieldWriter writer, ExecDetailsEndMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.ExecDetailsEnd);
        writer.Write(1);
        writer.Write(message.ReqId);
    }

    // marketDataType: id 58, v1; reqId, type.
    public static void WriteMarketDataType(TwsFieldWriter writer, MarketDataTypeMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.MarketDataType);
        writer.Write(1);
        writer.Write(message.ReqId);
        writer.Write(message.MarketDataType);
    }

    // commissionReport: id 59, v1; execId, commission, currency, realizedPNL, yield, yieldRedemptionDate.
    public static void WriteCommissionReport(TwsFieldWriter writer, CommissionReportMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.CommissionReport);
        writer.Write(1);
        writer.Write(message.ExecId);
        writer.WriteOrUnsetDouble(message.Commission);
        writer.Write(message.Currency);
        writer.WriteOrUnsetDouble(message.RealizedPnl);
        writer.WriteOrUnsetDouble(message.Yield);
        writer.WriteOrUnsetInt(message.YieldRedemptionDate);
    }

    // position: id 61, v3; account, contract(11), position, avgCost.
    public static void WritePosition(TwsFieldWriter writer, PositionMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Contract);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.Position);
        writer.Write(3);
        writer.Write(message.Account);
        WriteContract11(writer, message.Contract);
        writer.Write(message.Position);
        writer.WriteOrUnsetDouble(message.AvgCost);
    }

    // accountSummary: id 63, v1; reqId, account, tag, value, currency.
    public static void WriteAccountSummary(TwsFieldWriter writer, AccountSummaryMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.AccountSummary);
        writer.Write(1);
        writer.Write(message.ReqId);
        writer.Write(message.Account);
        writer.Write(message.Tag);
        writer.Write(message.Value);
        writer.Write(message.Currency);
    }

    // accountSummaryEnd: id 64, v1; reqId.
    public static void WriteAccountSummaryEnd(TwsFieldWriter writer, AccountSummaryEndMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.AccountSummaryEnd);
        writer.Write(1);
        writer.Write(message.ReqId);
    }

    // pnl: id 94, no v; reqId, dailyPnL, unrealizedPnL, realizedPnL.
    public static void WritePnL(TwsFieldWriter writer, PnLMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        TwsServerVersions.EnsureSupported(serverVersion);
        writer.Write(TwsIncomingMessageId.PnL);
        writer.Write(message.ReqId);
        writer.WriteOrUnsetDouble(message.DailyPnL);
        writer.WriteOrUnsetDouble(message.UnrealizedPnL);
        writer.WriteOrUnsetDouble(message.RealizedPnL);
    }

    // contract(11): conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange,
    // currency, localSymbol, tradingClass.
    internal static void WriteContract11(TwsFieldWriter writer, TwsContract contract)
    {
        writer.Write(contract.ConId);
        writer.Write(contract.Symbol);
        writer.Write(contract.SecType);
        writer.Write(contract.LastTradeDateOrContractMonth);
        writer.Write(contract.Strike);
        writer.Write(contract.Right);
        writer.Write(contract.Multiplier);
        writer.Write(contract.Exchange);
        writer.Write(contract.Currency);
        writer.Write(contract.LocalSymbol);
        writer.Write(contract.TradingClass);
    }
}
