namespace ChatOpsTrader.Tws.Protocol;

public static partial class TwsMessageDecoder
{
    // openOrder: id 5, no version field (≥145). Long layout at 176–193 (194 is the same):
    //  1. orderId
    //  2. contract(11): conId, symbol, secType, lastTradeDate, strike, right, multiplier, exchange, currency,
    //     localSymbol, tradingClass
    //  3. action, totalQuantity, orderType, lmtPrice, auxPrice, tif, ocaGroup, account, openClose, origin, orderRef,
    //     clientId, permId, outsideRth, hidden, discretionaryAmt, goodAfterTime
    //  4. "" (sharesAllocation), faGroup, faMethod, faPercentage, [faProfile <177]
    //  5. modelCode, goodTillDate, rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode,
    //     auctionStrategy, startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper, displaySize,
    //     blockOrder, sweepToFill, allOrNone, minQty, ocaType, eTradeOnly, firmQuoteOnly, nbboPriceCap, parentId,
    //     triggerMethod, volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice,
    //     [8 delta-neutral fields if deltaNeutralOrderType is set]
    //  6. continuousUpdate, referencePriceType, trailStopPrice, trailingPercent, basisPoints, basisPointsType,
    //     comboLegsDescrip, comboLegCount [8 fields a leg], orderComboLegCount [1 price each],
    //     smartComboParamCount [tag/value pairs]
    //  7. scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement, [7 scale fields if increment > 0 and set],
    //     hedgeType, [hedgeParam if set], optOutSmartRouting, clearingAccount, clearingIntent, notHeld,
    //     dncPresent [conId, delta, price], algoStrategy, [count + pairs if set], solicited, whatIf
    //  8. status, initMargin/maintMargin/equityWithLoan for Before, Change, After (9), commission, minCommission,
    //     maxCommission, commissionCurrency, warningText, randomizeSize, randomizePrice, [PEG BENCH 5],
    //     conditionsCount, [conditions, ignoreRth, cancelOrder]
    //  9. adjustedOrderType, triggerPrice, trailStopPrice, lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice,
    //     adjustedTrailingAmount, adjustableTrailingUnit, softDollarTier name/value/displayName, cashQty,
    //     dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
    // 10. duration (≥158), postToAts (≥160), autoCancelParent (≥162), minTradeQty, minCompeteSize,
    //     competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf (≥170)
    // 11. customerAccount (≥183), professionalCustomer (≥184), bondAccruedInterest (≥185), includeOvernight (≥189),
    //     extOperator and manualOrderIndicator (≥193)
    // Everything we use comes before the conditions. Conditions are variable-width by condition type, so an order
    // that has any (a manual TWS order, say) is decoded up to its condition count and the rest of the frame ignored.
    public static OpenOrderMessage DecodeOpenOrder(ref TwsFieldReader reader, int serverVersion)
    {
        var orderId = reader.ReadInt();
        var contract = ReadContract11(ref reader);

        var action = reader.ReadString();
        var totalQuantity = reader.ReadNullableDecimal() ?? 0m;
        var orderType = reader.ReadString();
        var lmtPrice = reader.ReadNullableDecimal();
        var auxPrice = reader.ReadNullableDecimal();
        var tif = reader.ReadString();
        var ocaGroup = reader.ReadString();
        var account = reader.ReadString();
        reader.Skip(2); // openClose, origin
        var orderRef = reader.ReadString();
        var clientId = reader.ReadInt();
        var permId = reader.ReadLong();
        var outsideRth = reader.ReadBool();
        reader.Skip(2); // hidden, discretionaryAmt
        var goodAfterTime = reader.ReadString();

        reader.Skip(4); // sharesAllocation, faGroup, faMethod, faPercentage
        if (serverVersion < TwsServerVersions.FaProfileRemoved)
            reader.Skip(); // faProfile

        reader.Skip(); // modelCode
        var goodTillDate = reader.ReadString();
        // rule80A … minQty
        reader.Skip(17);
        var ocaType = reader.ReadNullableInt() ?? 0;
        reader.Skip(3); // eTradeOnly, firmQuoteOnly, nbboPriceCap
        var parentId = reader.ReadNullableInt() ?? 0;
        reader.Skip(3); // triggerMethod, volatility, volatilityType
        var hasDeltaNeutral = !reader.ReadRaw().IsEmpty; // deltaNeutralOrderType
        reader.Skip(); // deltaNeutralAuxPrice
        if (hasDeltaNeutral)
            reader.Skip(8);

        reader.Skip(7); // continuousUpdate … comboLegsDescrip
        SkipGroups(ref reader, 8); // combo legs
        SkipGroups(ref reader, 1); // order combo leg prices
        SkipGroups(ref reader, 2); // smart combo routing params

        reader.Skip(2); // scaleInitLevelSize, scaleSubsLevelSize
        var scalePriceIncrement = reader.ReadNullableDouble();
        if (scalePriceIncrement > 0)
            reader.Skip(7);
        if (!reader.ReadRaw().IsEmpty) // hedgeType
            reader.Skip(); // hedgeParam
        reader.Skip(4); // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
        if (reader.ReadBool()) // dncPresent
            reader.Skip(3);
        if (!reader.ReadRaw().IsEmpty) // algoStrategy
            SkipGroups(ref reader, 2);
        reader.Skip(2); // solicited, whatIf

        var status = reader.ReadString();
        reader.Skip(9 + 4); // margins, commission, minCommission, maxCommission, commissionCurrency
        var warningText = reader.ReadString();
        reader.Skip(2); // randomizeSize, randomizePrice
        if (orderType == "PEG BENCH")
            reader.Skip(5);
        var conditionsCount = reader.ReadCount(1);

        var result = new OpenOrderMessage(
            orderId,
            contract,
            new TwsOrder
            {
                Action = action,
                TotalQuantity = totalQuantity,
                OrderType = orderType,
                LmtPrice = lmtPrice,
                AuxPrice = auxPrice,
                Tif = tif,
                OcaGroup = ocaGroup,
                OcaType = ocaType,
                Account = account,
                OrderRef = orderRef,
                ParentId = parentId,
                OutsideRth = outsideRth,
                GoodAfterTime = goodAfterTime,
                GoodTillDate = goodTillDate,
            },
            clientId,
            permId,
            status,
            warningText);
        if (conditionsCount > 0)
            return result;

        reader.Skip(16); // section 9
        reader.Skip(8); // section 10
        if (serverVersion >= TwsServerVersions.CustomerAccount)
            reader.Skip();
        if (serverVersion >= TwsServerVersions.ProfessionalCustomer)
            reader.Skip();
        if (serverVersion >= TwsServerVersions.BondAccruedInterest)
            reader.Skip();
        if (serverVersion >= TwsServerVersions.IncludeOvernight)
            reader.Skip();
        if (serverVersion >= TwsServerVersions.OpenOrderCmeTagging)
            reader.Skip(2);
        return result;
    }

    // execDetails: id 11, no v (≥136); reqId (−1 when unsolicited), orderId, conId, symbol, secType,
    // lastTradeDateOrContractMonth, strike, right, multiplier, exchange, currency, localSymbol, tradingClass, execId,
    // time, acctNumber, exchange, side (BOT/SLD), shares, price, permId, clientId, liquidation, cumQty, avgPrice,
    // orderRef, evRule, evMultiplier, modelCode, lastLiquidity, pendingPriceRevision (≥178).
    public static ExecDetailsMessage DecodeExecDetails(ref TwsFieldReader reader, int serverVersion)
    {
        var reqId = reader.ReadInt();
        var orderId = reader.ReadInt();
        var contract = ReadContract11(ref reader);
        var execution = new TwsExecution
        {
            ExecId = reader.ReadString(),
            Time = reader.ReadString(),
            AcctNumber = reader.ReadString(),
            Exchange = reader.ReadString(),
            Side = reader.ReadString(),
            Shares = reader.ReadDecimal(),
            Price = reader.ReadDecimal(),
            PermId = reader.ReadLong(),
            ClientId = reader.ReadInt(),
            Liquidation = reader.ReadInt(),
            CumQty = reader.ReadDecimal(),
            AvgPrice = reader.ReadDecimal(),
            OrderRef = reader.ReadString(),
            EvRule = reader.ReadString(),
            EvMultiplier = reader.ReadNullableDecimal(),
            ModelCode = reader.ReadString(),
            LastLiquidity = reader.ReadNullableInt() ?? 0,
            PendingPriceRevision = serverVersion >= TwsServerVersions.PendingPriceRevision && reader.ReadBool(),
        };
        return new ExecDetailsMessage(reqId, orderId, contract, execution);
    }

    private static void SkipGroups(ref TwsFieldReader reader, int fieldsPerItem)
    {
        var count = reader.ReadCount(fieldsPerItem);
        for (var i = 0; i < count; i++)
            reader.Skip(fieldsPerItem);
    }
}
