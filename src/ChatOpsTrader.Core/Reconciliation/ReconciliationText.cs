using System.Globalization;
using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Core.Reconciliation;

/// <summary>Invariant formatting of quantities, prices and money for reconciliation texts.</summary>
internal static class ReconciliationText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>"5", "-5", "0.5" (no trailing zeros).</summary>
    public static string Quantity(decimal quantity) => quantity.ToString("0.########", Inv);

    /// <summary>"+5", "-5".</summary>
    public static string Signed(decimal quantity) => quantity.ToString("+0.########;-0.########;0", Inv);

    /// <summary>"187.50", "0.1234", or "n/a".</summary>
    public static string Price(decimal? price) => price is { } p ? p.ToString("0.00######", Inv) : "n/a";

    /// <summary>"$1,234.50", "-$12.00".</summary>
    public static string Money(decimal amount) =>
        (amount < 0 ? "-$" : "$") + Math.Abs(amount).ToString("#,##0.00", Inv);

    /// <summary>"5 AAPL", "-5 AAPL (short)", "no AAPL".</summary>
    public static string Holding(decimal quantity, string symbol) => quantity switch
    {
        0 => "no " + symbol,
        > 0 => Quantity(quantity) + " " + symbol,
        _ => Quantity(quantity) + " " + symbol + " (short)",
    };

    /// <summary>"BUY 5 AAPL LMT 187.50".</summary>
    public static string Describe(BrokerOrder order)
    {
        var side = order.Side == OrderSide.Buy ? "BUY" : "SELL";
        var type = order.Type switch
        {
            OrderType.Market => "MKT",
            OrderType.Limit => "LMT " + Price(order.LimitPrice),
            OrderType.Stop => "STP " + Price(order.StopPrice),
            OrderType.StopLimit => "STP " + Price(order.StopPrice) + " LMT " + Price(order.LimitPrice),
            _ => order.Type.ToString(),
        };
        return $"{side} {Quantity(order.Quantity)} {order.Symbol} {type}";
    }

    /// <summary>An order reference for a person: the reference, or "(none)".</summary>
    public static string Ref(string? orderRef) => string.IsNullOrEmpty(orderRef) ? "(none)" : orderRef;
}
