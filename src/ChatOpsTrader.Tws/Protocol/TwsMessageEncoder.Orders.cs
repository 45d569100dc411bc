namespace ChatOpsTrader.Tws.Protocol;

public static partial class TwsMessageEncoder
{
    // openOrder: id 5, no version field (≥145). The long layout of TwsMessageDecoder.DecodeOpenOrder, sections 1–11,
    // written with what TWS sends for an order that uses none of the optional groups: no delta-neutral fields, no
    // combo legs, no scale fields, no hedge, no delta-neutral contract, no algo, no conditions. Unset doubles are
    // 1.7976931348623157E308 and unset ints 2147483647, so the conditional groups stay closed in every client
    // (scalePriceIncrement is unset, deltaNeutralOrderType, hedgeType and algoStrategy empty, counts 0).
    public static void WriteOpenOrder(TwsFieldWriter writer, OpenOrderMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Contract);
        ArgumentNullException.ThrowIfNull(message.Order);
        TwsServerVersions.EnsureSupported(serverVersion);
        var order = message.Order;

        writer.Write(TwsIncomingMessageId.OpenOrder);
        writer.Write(message.OrderId);
        WriteContract11(writer, message.Contract);

        writer.Write(order.Action);
        writer.Write(order.TotalQuantity);
        writer.Write(order.OrderType);
        writer.WriteOrUnsetDouble(order.LmtPrice);
        writer.WriteOrUnsetDouble(order.AuxPrice);
        writer.Write(order.Tif);
        writer.Write(order.OcaGroup);
        writer.Write(order.Account);
        writer.WriteEmpty(); // openClose
        writer.Write(0); // origin
        writer.Write(order.OrderRef);
        writer.Write(message.ClientId);
        writer.Write(message.PermId);
        writer.Write(order.OutsideRth);
        writer.Write(false); // hidden
        writer.Write(0); // discretionaryAmt
        writer.Write(order.GoodAfterTime);

        writer.WriteEmpty(); // sharesAllocation
        writer.WriteEmpty(); // faGroup
        writer.WriteEmpty(); // faMethod
        writer.WriteEmpty(); // faPercentage
        if (serverVersion < TwsServerVersions.FaProfileRemoved)
            writer.WriteEmpty(); // faProfile

        writer.WriteEmpty(); // modelCode
        writer.Write(order.GoodTillDate);
        writer.WriteEmpty(); // rule80A
        writer.WriteOrUnsetDouble(null); // percentOffset
        writer.WriteEmpty(); // settlingFirm
        writer.Write(0); // shortSaleSlot
        writer.WriteEmpty(); // designatedLocation
        writer.Write(-1); // exemptCode
        writer.Write(0); // auctionStrategy
        writer.WriteOrUnsetDouble(null); // startingPrice
        writer.WriteOrUnsetDouble(null); // stockRefPrice
        writer.WriteOrUnsetDouble(null); // delta
        writer.WriteOrUnsetDouble(null); // stockRangeLower
        writer.WriteOrUnsetDouble(null); // stockRangeUpper
        writer.Write(0); // displaySize
        writer.Write(false); // blockOrder
        writer.Write(false); // sweepToFill
        writer.Write(false); // allOrNone
        writer.WriteOrUnsetInt(null); // minQty
        writer.Write(order.OcaType);
        writer.Write(false); // eTradeOnly
        writer.Write(false); // firmQuoteOnly
        writer.WriteOrUnsetDouble(null); // nbboPriceCap
        writer.Write(order.ParentId);
        writer.Write(0); // triggerMethod
        writer.WriteOrUnsetDouble(null); // volatility
        writer.WriteOrUnsetInt(null); // volatilityType
        writer.WriteEmpty(); // deltaNeutralOrderType: empty, so no delta-neutral fields
        writer.WriteOrUnsetDouble(null); // deltaNeutralAuxPrice

        writer.Write(false); // continuousUpdate
        writer.WriteOrUnsetInt(null); // referencePriceType
        writer.WriteOrUnsetDouble(null); // trailStopPrice
        writer.WriteOrUnsetDouble(null); // trailingPercent
        writer.WriteOrUnsetDouble(null); // basisPoints
        writer.WriteOrUnsetInt(null); // basisPointsType
        writer.WriteEmpty(); // comboLegsDescrip
        writer.Write(0); // comboLegCount
        writer.Write(0); // orderComboLegCount
        writer.Write(0); // smartComboParamCount

        writer.WriteOrUnsetInt(null); // scaleInitLevelSize
        writer.WriteOrUnsetInt(null); // scaleSubsLevelSize
        writer.WriteOrUnsetDouble(null); // scalePriceIncrement: unset, so no scale fields
        writer.WriteEmpty(); // hedgeType: empty, so no hedgeParam
        writer.Write(false); // optOutSmartRouting
        writer.WriteEmpty(); // clearingAccount
        writer.WriteEmpty(); // clearingIntent
        writer.Write(false); // notHeld
        writer.Write(false); // dncPresent
        writer.WriteEmpty(); // algoStrategy: empty, so no algo params
        writer.Write(false); // solicited
        writer.Write(false); // whatIf

        writer.Write(message.Status);
        for (var i = 0; i < 9; i++)
            writer.WriteOrUnsetDouble(null); // init/maint margin and equity with loan: before, change, after
        writer.WriteOrUnsetDouble(null); // commission
        writer.WriteOrUnsetDouble(null); // minCommission
        writer.WriteOrUnsetDouble(null); // maxCommission
        writer.WriteEmpty(); // commissionCurrency
        writer.Write(message.WarningText);
        writer.Write(false); // randomizeSize
        writer.Write(false); // randomizePrice
        writer.Write(0); // conditionsCount

        writer.WriteEmpty(); // adjustedOrderType
        writer.WriteOrUnsetDouble(null); // triggerPrice
        writer.WriteOrUnsetDouble(null); // trailStopPrice
        writer.WriteOrUnsetDouble(null); // lmtPriceOffset
        writer.WriteOrUnsetDouble(null); // adjustedStopPrice
        writer.WriteOrUnsetDouble(null); // adjustedStopLimitPrice
        writer.WriteOrUnsetDouble(null); // adjustedTrailingAmount
        writer.Write(0); // adjustableTrailingUnit
        writer.WriteEmpty(); // softDollarTier name
        writer.WriteEmpty(); // softDollarTier value
        writer.WriteEmpty(); // softDollarTier displayName
        writer.WriteOrUnsetDouble(null); // cashQty
        writer.Write(false); // dontUseAutoPriceForHedge
        writer.Write(false); // isOmsContainer
        writer.Write(false); // discretionaryUpToLimitPrice
        writer.Write(false); // usePriceMgmtAlgo

        writer.WriteOrUnsetInt(null); // duration
        writer.WriteOrUnsetInt(null); // postToAts
        writer.Write(false); // autoCancelParent
        writer.WriteOrUnsetInt(null); // minTradeQty
        writer.WriteOrUnsetInt(null); // minCompeteSize
        writer.WriteOrUnsetDouble(null); // competeAgainstBestOffset
        writer.WriteOrUnsetDouble(null); // midOffsetAtWhole
        writer.WriteOrUnsetDouble(null); // midOffsetAtHalf

        if (serverVersion >= TwsServerVersions.CustomerAccount)
            writer.WriteEmpty(); // customerAccount
        if (serverVersion >= TwsServerVersions.ProfessionalCustomer)
            writer.Write(false); // professionalCustomer
        if (serverVersion >= TwsServerVersions.BondAccruedInterest)
            writer.WriteEmpty(); // bondAccruedInterest
        if (serverVersion >= TwsServerVersions.IncludeOvernight)
            writer.Write(false); // includeOvernight
        if (serverVersion >= TwsServerVersions.OpenOrderCmeTagging)
        {
            writer.WriteEmpty(); // extOperator
            writer.WriteOrUnsetInt(null); // manualOrderIndicator
        }
    }

    // execDetails: id 11, no v (≥136); reqId, orderId, contract(11), execId, time, acctNumber, exchange, side, shares,
    // price, permId, clientId, liquidation, cumQty, avgPrice, orderRef, evRule, evMultiplier, modelCode, lastLiquidity,
    // pendingPriceRevision (≥178).
    public static void WriteExecDetails(TwsFieldWriter writer, ExecDetailsMessage message, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Contract);
        ArgumentNullException.ThrowIfNull(message.Execution);
        TwsServerVersions.EnsureSupported(serverVersion);
        var execution = message.Execution;
        writer.Write(TwsIncomingMessageId.ExecDetails);
        writer.Write(message.ReqId);
        writer.Write(message.OrderId);
        WriteContract11(writer, message.Contract);
        writer.Write(execution.ExecId);
        writer.Write(execution.Time);
        writer.Write(execution.AcctNumber);
        writer.Write(execution.Exchange);
        writer.Write(execution.Side);
        writer.Write(execution.Shares);
        writer.Write(execution.Price);
        writer.Write(execution.PermId);
        writer.Write(execution.ClientId);
        writer.Write(execution.Liquidation);
        writer.Write(execution.CumQty);
        writer.Write(execution.AvgPrice);
        writer.Write(execution.OrderRef);
        writer.Write(execution.EvRule);
        writer.WriteOrUnsetDouble(execution.EvMultiplier);
        writer.Write(execution.ModelCode);
        writer.Write(execution.LastLiquidity);
        if (serverVersion >= TwsServerVersions.PendingPriceRevision)
            writer.Write(execution.PendingPriceRevision);
    }
}
