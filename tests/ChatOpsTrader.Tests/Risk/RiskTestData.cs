using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Risk;

namespace ChatOpsTrader.Tests.Risk;

internal static class RiskTestData
{
    /// <summary>Tuesday 2026-11-17 10:00 New York.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 17, 15, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Day = new(2026, 11, 17);

    public static readonly DateOnly Week = new(2026, 11, 16);

    public static OrderCheck Limit(string symbol, OrderSide side, decimal quantity, decimal price, string strategy = "momo") =>
        new(symbol, strategy, side, quantity, OrderType.Limit, price, null);

    public static OrderCheck Market(string symbol, OrderSide side, decimal quantity, string strategy = "momo") =>
        new(symbol, strategy, side, quantity, OrderType.Market, null, null);

    public static OrderCheck Stop(string symbol, OrderSide side, decimal quantity, decimal stop, string strategy = "momo") =>
        new(symbol, strategy, side, quantity, OrderType.Stop, null, stop);
}
