namespace ChatOpsTrader.Tws.Protocol;

public static partial class TwsRequestDecoder
{
    // placeOrder: id 3, no version field (since 145); the layout of TwsRequestEncoder.WritePlaceOrder, sections 1–10.
    // Optional groups walked here: delta-neutral (8 fields when deltaNeutralOrderType is set), scale (7 when
    // scalePriceIncrement > 0), hedgeParam (when hedgeType is set), delta-neutral contract (conId, delta, price),
    // algo params (count + pairs), PEG BENCH (5). Rejected as unsupported: BAG legs, order conditions, and the
    // PEG BEST / PEG MID / IBKRATS extras (≥170), whose widths depend on details we do not model.
    public static PlaceOrderRequest DecodePlaceOrder(ref TwsFieldReader reader, int serverVersion)
    {
        var orderId = reader.ReadInt();
        var contract = ReadContract12(ref reader);
        RejectCombo(contract);
        reader.Skip(2); // secIdType, secId

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
        var transmit = reader.ReadBool();
        var parentId = reader.ReadNullableInt() ?? 0;
        reader.Skip(4); // blockOrder, sweepToFill, displaySize, triggerMethod
        var outsideRth = reader.ReadBool();
        reader.Skip(); // hidden

        reader.Skip(2); // sharesAllocation, discretionaryAmt
        var goodAfterTime = reader.ReadString();
        var goodTillDate = reader.ReadString();
        reader.Skip(3); // faGroup, faMethod, faPercentage
        if (serverVersion < TwsServerVersions.FaProfileRemoved)
            reader.Skip(); // faProfile

        reader.Skip(4); // modelCode, shortSaleSlot, designatedLocation, exemptCode
        var ocaType = reader.ReadNullableInt() ?? 0;
        // rule80A, settlingFirm, allOrNone, minQty, percentOffset, eTradeOnly, firmQuoteOnly, nbboPriceCap,
        // auctionStrategy, startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper,
        // overridePercentageConstraints, volatility, volatilityType
        reader.Skip(17);
        var hasDeltaNeutral = !reader.ReadRaw().IsEmpty; // deltaNeutralOrderType
        reader.Skip(); // deltaNeutralAuxPrice
        if (hasDeltaNeutral)
            reader.Skip(8);

        reader.Skip(6); // continuousUpdate … scaleSubsLevelSize
        var scalePriceIncrement = reader.ReadNullableDouble();
        if (scalePriceIncrement > 0)
            reader.Skip(7);
        reader.Skip(3); // scaleTable, activeStartTime, activeStopTime
        if (!reader.ReadRaw().IsEmpty) // hedgeType
            reader.Skip(); // hedgeParam

        reader.Skip(4); // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
        if (reader.ReadBool()) // deltaNeutralContract flag
            reader.Skip(3);
        if (!reader.ReadRaw().IsEmpty) // algoStrategy
        {
            var count = reader.ReadCount(2);
            reader.Skip(2 * count);
        }

        reader.Skip(6); // algoId, whatIf, orderMiscOptions, solicited, randomizeSize, randomizePrice
        if (orderType == "PEG BENCH")
            reader.Skip(5);
        if (reader.ReadCount(1) > 0)
            throw new TwsProtocolException("placeOrder with order conditions is not supported by this server.");

        reader.Skip(19); // section 8
        reader.Skip(5); // duration, postToAts, autoCancelParent, advancedErrorOverride, manualOrderTime
        if (orderType is "PEG BEST" or "PEG MID" || string.Equals(contract.Exchange, "IBKRATS", StringComparison.OrdinalIgnoreCase))
            throw new TwsProtocolException($"placeOrder for {orderType} on {contract.Exchange} is not supported by this server.");

        if (serverVersion >= TwsServerVersions.CustomerAccount)
            reader.Skip();
        if (serverVersion >= TwsServerVersions.ProfessionalCustomer)
            reader.Skip();
        if (serverVersion is >= TwsServerVersions.RfqFields and < TwsServerVersions.RfqFieldsRemoved)
            reader.Skip(2);
        if (serverVersion >= TwsServerVersions.IncludeOvernight)
            reader.Skip();
        if (serverVersion >= TwsServerVersions.CmeTagging)
            reader.Skip(); // manualOrderIndicator

        var order = new TwsOrder
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
        };
        return new PlaceOrderRequest(orderId, contract, order, transmit);
    }
}
