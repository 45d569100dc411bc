using System.Buffers;
using System.Globalization;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>Builds the TWS messages of exchange orders, executions, positions and account values.</summary>
internal static class TwsSimulatorMessages
{
    /// <summary>updatePortfolio (7), v8. No typed encoder exists for it in the protocol layer.</summary>
    public const int UpdatePortfolioId = 7;

    /// <summary>updateAccountTime (8), v1.</summary>
    public const int UpdateAccountTimeId = 8;

    /// <summary>accountDownloadEnd (54), v1.</summary>
    public const int AccountDownloadEndId = 54;

    /// <summary>tickSnapshotEnd (57), v1.</summary>
    public const int TickSnapshotEndId = 57;

    /// <summary>TWS's time format for connection and execution times, in UTC.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string ToTwsOrderType(OrderType type) => type switch
    {
        OrderType.Market => "MKT",
        OrderType.Limit => "LMT",
        OrderType.Stop => "STP",
        OrderType.StopLimit => "STP LMT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown order type"),
    };

    public static OpenOrderMessage OpenOrder(PaperOrder order, TwsOrderLink link, TwsOrderLink? parent, TwsContract contract)
    {
        var original = link.Original;
        var twsOrder = new TwsOrder
        {
            Action = order.Side == OrderSide.Buy ? "BUY" : "SELL",
            TotalQuantity = order.Quantity,
            OrderType = ToTwsOrderType(order.Type),
            LmtPrice = order.LimitPrice,
            AuxPrice = order.StopPrice,
            Tif = original?.Tif is { Length: > 0 } tif ? tif : "DAY",
            OcaGroup = original is not null ? original.OcaGroup : order.OcaGroup,
            OcaType = original?.OcaType ?? 0,
            Account = order.Account,
            OrderRef = order.OrderRef,
            ParentId = parent?.TwsOrderId ?? 0,
            OutsideRth = original?.OutsideRth ?? false,
            GoodAfterTime = original?.GoodAfterTime ?? "",
            GoodTillDate = original?.GoodTillDate ?? "",
        };
        return new OpenOrderMessage(link.TwsOrderId, contract, twsOrder, order.ClientId, order.PermId, order.Status.ToTwsString());
    }

    public static OrderStatusMessage OrderStatus(PaperOrder order, TwsOrderLink link, TwsOrderLink? parent) => new(
        link.TwsOrderId,
        order.Status.ToTwsString(),
        order.Filled,
        order.Status == PaperOrderStatus.Filled ? 0 : Math.Max(0, order.Quantity - order.Filled),
        order.AverageFillPrice,
        order.PermId,
        parent?.TwsOrderId ?? 0,
        order.LastFillPrice,
        order.ClientId,
        "",
        0m);

    public static ExecDetailsMessage ExecDetails(int reqId, PaperExecution execution, TwsOrderLink link, TwsContract contract, string exchange) => new(
        reqId,
        link.TwsOrderId,
        contract,
        new TwsExecution
        {
            ExecId = execution.ExecId,
            Time = FormatTime(execution.Time),
            AcctNumber = execution.Account,
            Exchange = exchange,
            Side = execution.Side == OrderSide.Buy ? "BOT" : "SLD",
            Shares = execution.Quantity,
            Price = execution.Price,
            PermId = execution.PermId,
            ClientId = execution.ClientId,
            CumQty = execution.CumulativeQuantity,
            AvgPrice = execution.AveragePrice,
            OrderRef = execution.OrderRef,
            LastLiquidity = 2,
        });

    public static CommissionReportMessage Commission(PaperExecution execution) =>
        new(execution.ExecId, execution.Commission, "USD", execution.RealizedPnl, null, null);

    public static PositionMessage Position(string account, PaperPosition position, TwsContract contract) =>
        new(account, contract, position.Quantity, position.AverageCost);

    /// <summary>Account values as (key, value): updateAccountValue keys, also the accountSummary tags of the same name.</summary>
    public static IReadOnlyList<(string Key, string Value)> AccountValues(PaperAccountValues values, decimal leverage)
    {
        var initMargin = values.GrossPositionValue / leverage;
        var excess = values.NetLiquidation - initMargin;
        var cushion = values.NetLiquidation > 0 ? excess / values.NetLiquidation : 0m;
        return
        [
            ("AccountType", "INDIVIDUAL"),
            ("NetLiquidation", Money(values.NetLiquidation)),
            ("TotalCashValue", Money(values.Cash)),
            ("SettledCash", Money(values.Cash)),
            ("EquityWithLoanValue", Money(values.NetLiquidation)),
            ("GrossPositionValue", Money(values.GrossPositionValue)),
            ("BuyingPower", Money(values.BuyingPower)),
            ("InitMarginReq", Money(initMargin)),
            ("MaintMarginReq", Money(initMargin)),
            ("AvailableFunds", Money(excess)),
            ("ExcessLiquidity", Money(excess)),
            ("Cushion", Math.Round(cushion, 4).ToString("0.0000", CultureInfo.InvariantCulture)),
            ("UnrealizedPnL", Money(values.UnrealizedPnl)),
            ("RealizedPnL", Money(values.RealizedPnl)),
        ];
    }

    /// <summary>The $LEDGER tags of accountSummary, all in USD.</summary>
    public static IReadOnlyList<(string Key, string Value)> LedgerValues(PaperAccountValues values) =>
    [
        ("CashBalance", Money(values.Cash)),
        ("TotalCashBalance", Money(values.Cash)),
        ("NetLiquidationByCurrency", Money(values.NetLiquidation)),
        ("UnrealizedPnL", Money(values.UnrealizedPnl)),
        ("RealizedPnL", Money(values.RealizedPnl)),
    ];

    public static string Money(decimal value) => Math.Round(value, 2).ToString("0.00", CultureInfo.InvariantCulture);

    // updatePortfolio: id 7, v8; contract (conId, symbol, secType, lastTradeDate, strike, right, multiplier,
    // primaryExchange, currency, localSymbol, tradingClass), position, marketPrice, marketValue, averageCost,
    // unrealizedPNL, realizedPNL, account.
    public static byte[] UpdatePortfolio(PaperPosition position, TwsContract contract, string account) => Payload(w =>
    {
        w.Write(UpdatePortfolioId);
        w.Write(8);
        w.Write(contract.ConId);
        w.Write(contract.Symbol);
        w.Write(contract.SecType);
        w.Write(contract.LastTradeDateOrContractMonth);
        w.Write(contract.Strike);
        w.Write(contract.Right);
        w.Write(contract.Multiplier);
        w.Write(contract.PrimaryExchange);
        w.Write(contract.Currency);
        w.Write(contract.LocalSymbol);
        w.Write(contract.TradingClass);
        w.Write(position.Quantity);
        w.Write(position.MarketPrice);
        w.Write(Math.Round(position.Quantity * position.MarketPrice, 2));
        w.Write(position.AverageCost);
        w.Write(position.UnrealizedPnl);
        w.Write(position.RealizedPnl);
        w.Write(account);
    });

    // updateAccountTime: id 8, v1; "HH:mm".
    public static byte[] UpdateAccountTime(DateTimeOffset now) => Payload(w =>
    {
        w.Write(UpdateAccountTimeId);
        w.Write(1);
        w.Write(now.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture));
    });

    // accountDownloadEnd: id 54, v1; account.
    public static byte[] AccountDownloadEnd(string account) => Payload(w =>
    {
        w.Write(AccountDownloadEndId);
        w.Write(1);
        w.Write(account);
    });

    // tickSnapshotEnd: id 57, v1; reqId.
    public static byte[] TickSnapshotEnd(int reqId) => Payload(w =>
    {
        w.Write(TickSnapshotEndId);
        w.Write(1);
        w.Write(reqId);
    });

    private static byte[] Payload(Action<TwsFieldWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        write(new TwsFieldWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
