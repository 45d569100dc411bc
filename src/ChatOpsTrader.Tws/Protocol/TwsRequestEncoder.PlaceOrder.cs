namespace ChatOpsTrader.Tws.Protocol;

public static partial class TwsRequestEncoder
{
    private static readonly string[] SupportedOrderTypes = ["MKT", "LMT", "STP", "STP LMT"];

    // placeOrder: id 3, no version field (since 145). All positional; a plain order is 114 fields at 178, 118 at 193.
    //  1. 3, orderId, contract(12), secIdType, secId
    //  2. action, totalQuantity, orderType, lmtPrice, auxPrice, tif, ocaGroup, account, openClose, origin, orderRef,
    //     transmit, parentId, blockOrder, sweepToFill, displaySize, triggerMethod, outsideRth, hidden
    //  3. [BAG legs: not supported]
    //  4. "" (sharesAllocation), discretionaryAmt, goodAfterTime, goodTillDate, faGroup, faMethod, faPercentage,
    //     [faProfile <177]
    //  5. modelCode, shortSaleSlot, designatedLocation, exemptCode, ocaType, rule80A, settlingFirm, allOrNone, minQty,
    //     percentOffset, eTradeOnly, firmQuoteOnly, nbboPriceCap, auctionStrategy, startingPrice, stockRefPrice, delta,
    //     stockRangeLower, stockRangeUpper, overridePercentageConstraints, volatility, volatilityType,
    //     deltaNeutralOrderType, deltaNeutralAuxPrice
    //  6. continuousUpdate, referencePriceType, trailStopPrice, trailingPercent, scaleInitLevelSize,
    //     scaleSubsLevelSize, scalePriceIncrement, scaleTable, activeStartTime, activeStopTime, hedgeType
    //  7. optOutSmartRouting, clearingAccount, clearingIntent, notHeld, deltaNeutralContract flag, algoStrategy, algoId,
    //     whatIf, orderMiscOptions, solicited, randomizeSize, randomizePrice, conditionsCount
    //  8. adjustedOrderType, triggerPrice, lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice,
    //     adjustedTrailingAmount, adjustableTrailingUnit, extOperator, softDollarTier name, value, cashQty,
    //     mifid2DecisionMaker, mifid2DecisionAlgo, mifid2ExecutionTrader, mifid2ExecutionAlgo,
    //     dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
    //  9. duration (≥158), postToAts (≥160), autoCancelParent (≥162), advancedErrorOverride (≥166),
    //     manualOrderTime (≥169), [PEG BEST/PEG MID/IBKRATS extras ≥170: not supported]
    // 10. customerAccount (≥183), professionalCustomer (≥184), two RFQ placeholders (187–189), includeOvernight (≥189),
    //     manualOrderIndicator (≥192)
    // Unset numbers are sent as empty fields (as the Java client's sendMax and Python's handle-empty do); volatility is
    // left empty for non-VOL orders, which avoids a modify rejection.
    public static void WritePlaceOrder(TwsFieldWriter writer, PlaceOrderRequest request, int serverVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        TwsServerVersions.EnsureSupported(serverVersion);
        ValidateOrder(request);
        var contract = request.Contract;
        var order = request.Order;

        writer.Write(TwsOutgoingMessageId.PlaceOrder);
        writer.Write(request.OrderId);
        WriteContract12(writer, contract);
        writer.WriteEmpty(); // secIdType
        writer.WriteEmpty(); // secId

        writer.Write(order.Action);
        writer.Write(order.TotalQuantity);
        writer.Write(order.OrderType);
        writer.WriteOrEmpty(order.LmtPrice);
        writer.WriteOrEmpty(order.AuxPrice);
        writer.Write(order.Tif);
        writer.Write(order.OcaGroup);
        writer.Write(order.Account);
        writer.WriteEmpty(); // openClose
        writer.Write(0); // origin: customer
        writer.Write(order.OrderRef);
        writer.Write(request.Transmit);
        writer.Write(order.ParentId);
        writer.Write(false); // blockOrder
        writer.Write(false); // sweepToFill
        writer.Write(0); // displaySize
        writer.Write(0); // triggerMethod
        writer.Write(order.OutsideRth);
        writer.Write(false); // hidden

        writer.WriteEmpty(); // sharesAllocation (deprecated)
        writer.Write(0); // discretionaryAmt
        writer.Write(order.GoodAfterTime);
        writer.Write(order.GoodTillDate);
        writer.WriteEmpty(); // faGroup
        writer.WriteEmpty(); // faMethod
        writer.WriteEmpty(); // faPercentage
        if (serverVersion < TwsServerVersions.FaProfileRemoved)
            writer.WriteEmpty(); // faProfile

        writer.WriteEmpty(); // modelCode
        writer.Write(0); // shortSaleSlot
        writer.WriteEmpty(); // designatedLocation
        writer.Write(-1); // exemptCode
        writer.Write(order.OcaType);
        writer.WriteEmpty(); // rule80A
        writer.WriteEmpty(); // settlingFirm
        writer.Write(false); // allOrNone
        writer.WriteEmpty(); // minQty
        writer.WriteEmpty(); // percentOffset
        writer.Write(false); // eTradeOnly
        writer.Write(false); // firmQuoteOnly
        writer.WriteEmpty(); // nbboPriceCap
        writer.Write(0); // auctionStrategy
        writer.WriteEmpty(); // startingPrice
        writer.WriteEmpty(); // stockRefPrice
        writer.WriteEmpty(); // delta
        writer.WriteEmpty(); // stockRangeLower
        writer.WriteEmpty(); // stockRangeUpper
        writer.Write(false); // overridePercentageConstraints
        writer.WriteEmpty(); // volatility
        writer.WriteEmpty(); // volatilityType
        writer.WriteEmpty(); // deltaNeutralOrderType (empty: no delta-neutral fields follow)
        writer.WriteEmpty(); // deltaNeutralAuxPrice

        writer.Write(false); // continuousUpdate
        writer.WriteEmpty(); // referencePriceType
        writer.WriteEmpty(); // trailStopPrice
        writer.WriteEmpty(); // trailingPercent
        writer.WriteEmpty(); // scaleInitLevelSize
        writer.WriteEmpty(); // scaleSubsLevelSize
        writer.WriteEmpty(); // scalePriceIncrement (empty: no scale fields follow)
        writer.WriteEmpty(); // scaleTable
        writer.WriteEmpty(); // activeStartTime
        writer.WriteEmpty(); // activeStopTime
        writer.WriteEmpty(); // hedgeType (empty: no hedgeParam)

        writer.Write(false); // optOutSmartRouting
        writer.WriteEmpty(); // clearingAccount
        writer.WriteEmpty(); // clearingIntent
        writer.Write(false); // notHeld
        writer.Write(false); // deltaNeutralContract flag
        writer.WriteEmpty(); // algoStrategy (empty: no algo params)
        writer.WriteEmpty(); // algoId
        writer.Write(false); // whatIf
        writer.WriteEmpty(); // orderMiscOptions
        writer.Write(false); // solicited
        writer.Write(false); // randomizeSize
        writer.Write(false); // randomizePrice
        writer.Write(0); // conditionsCount

        writer.WriteEmpty(); // adjustedOrderType
        writer.WriteEmpty(); // triggerPrice
        writer.WriteEmpty(); // lmtPriceOffset
        writer.WriteEmpty(); // adjustedStopPrice
        writer.WriteEmpty(); // adjustedStopLimitPrice
        writer.WriteEmpty(); // adjustedTrailingAmount
        writer.Write(0); // adjustableTrailingUnit
        writer.WriteEmpty(); // extOperator
        writer.WriteEmpty(); // softDollarTier name
        writer.WriteEmpty(); // softDollarTier value
        writer.WriteEmpty(); // cashQty
        writer.WriteEmpty(); // mifid2DecisionMaker
        writer.WriteEmpty(); // mifid2DecisionAlgo
        writer.WriteEmpty(); // mifid2ExecutionTrader
        writer.WriteEmpty(); // mifid2ExecutionAlgo
        writer.Write(false); // dontUseAutoPriceForHedge
        writer.Write(false); // isOmsContainer
        writer.Write(false); // discretionaryUpToLimitPrice
        writer.WriteEmpty(); // usePriceMgmtAlgo (unset: TWS default)

        writer.WriteEmpty(); // duration
        writer.WriteEmpty(); // postToAts
        writer.Write(false); // autoCancelParent
        writer.WriteEmpty(); // advancedErrorOverride
        writer.WriteEmpty(); // manualOrderTime

        if (serverVersion >= TwsServerVersions.CustomerAccount)
            writer.WriteEmpty(); // customerAccount
        if (serverVersion >= TwsServerVersions.ProfessionalCustomer)
            writer.Write(false); // professionalCustomer
        if (serverVersion is >= TwsServerVersions.RfqFields and < TwsServerVersions.RfqFieldsRemoved)
        {
            writer.WriteEmpty(); // RFQ placeholder
            writer.WriteEmpty(); // RFQ placeholder
        }

        if (serverVersion >= TwsServerVersions.IncludeOvernight)
            writer.Write(false); // includeOvernight
        if (serverVersion >= TwsServerVersions.CmeTagging)
            writer.WriteEmpty(); // manualOrderIndicator
    }

    private static void ValidateOrder(PlaceOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Contract);
        ArgumentNullException.ThrowIfNull(request.Order);
        var order = request.Order;
        RejectUnsupportedContract(request.Contract);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.OrderId);
        if (string.Equals(request.Contract.Exchange, "IBKRATS", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("IBKRATS orders need fields this encoder does not write.", nameof(request));
        if (order.Action is not ("BUY" or "SELL"))
            throw new ArgumentException($"Action must be BUY or SELL, not '{order.Action}'.", nameof(request));
        if (order.TotalQuantity <= 0)
            throw new ArgumentException("TotalQuantity must be positive.", nameof(request));
        if (Array.IndexOf(SupportedOrderTypes, order.OrderType) < 0)
            throw new ArgumentException($"Order type '{order.OrderType}' is not supported (MKT, LMT, STP, STP LMT).", nameof(request));

        var needsLimit = order.OrderType is "LMT" or "STP LMT";
        var needsStop = order.OrderType is "STP" or "STP LMT";
        if (needsLimit != order.LmtPrice.HasValue)
            throw new ArgumentException($"{order.OrderType} {(needsLimit ? "needs" : "takes no")} LmtPrice.", nameof(request));
        if (needsStop != order.AuxPrice.HasValue)
            throw new ArgumentException($"{order.OrderType} {(needsStop ? "needs" : "takes no")} AuxPrice.", nameof(request));
    }
}
