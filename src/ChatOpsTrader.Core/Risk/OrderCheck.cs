using System.Globalization;
using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Core.Risk;

/// <summary>
/// What the pre-flight checker and the activity counters look at in an order. Two orders are identical (duplicate,
/// runaway) when every field is equal: symbol and strategy compared ordinally, quantities and prices by value
/// (<c>10</c> equals <c>10.00</c>).
/// </summary>
/// <param name="Symbol">Upper-case ticker, 1 to 12 characters of A-Z, 0-9 and '.'.</param>
/// <param name="Strategy">The owning strategy (or <c>manual</c>).</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Positive whole quantity.</param>
/// <param name="Type">Order type.</param>
/// <param name="LimitPrice">Limit price for limit and stop-limit orders, else null.</param>
/// <param name="StopPrice">Stop price for stop and stop-limit orders, else null.</param>
public readonly record struct OrderCheck(
    string Symbol,
    string Strategy,
    OrderSide Side,
    decimal Quantity,
    OrderType Type,
    decimal? LimitPrice,
    decimal? StopPrice)
{
    /// <summary>The parent order of an intent (bracket children are checked on their own).</summary>
    public static OrderCheck FromIntent(OrderIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        return new(intent.Symbol, intent.Strategy, intent.Side, intent.Quantity, intent.Type, intent.LimitPrice, intent.StopPrice);
    }

    /// <summary>The quantity with the side's sign: positive for a buy, negative for a sell.</summary>
    public decimal SignedQuantity => Side == OrderSide.Buy ? Quantity : -Quantity;

    /// <summary>Short text for alerts and journals, e.g. <c>momo BUY 10 AAPL LMT 150.25</c>.</summary>
    public override string ToString()
    {
        var type = Type switch
        {
            OrderType.Market => "MKT",
            OrderType.Limit => "LMT",
            OrderType.Stop => "STP",
            OrderType.StopLimit => "STP LMT",
            _ => Type.ToString(),
        };
        var text = string.Create(CultureInfo.InvariantCulture, $"{Strategy} {(Side == OrderSide.Buy ? "BUY" : "SELL")} {Quantity:0.##} {Symbol} {type}");
        if (StopPrice is { } stop)
            text += string.Create(CultureInfo.InvariantCulture, $" stop {stop:0.####}");
        if (LimitPrice is { } limit)
            text += string.Create(CultureInfo.InvariantCulture, $" limit {limit:0.####}");
        return text;
    }
}
