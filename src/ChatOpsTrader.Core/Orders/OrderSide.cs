namespace ChatOpsTrader.Core.Orders;

/// <summary>The direction of an order or a fill.</summary>
public enum OrderSide
{
    /// <summary>Buy (TWS "BUY"/"BOT").</summary>
    Buy,

    /// <summary>Sell (TWS "SELL"/"SLD").</summary>
    Sell,
}

/// <summary>Helpers for <see cref="OrderSide"/>.</summary>
public static class OrderSideExtensions
{
    /// <summary>+1 for a buy, -1 for a sell.</summary>
    public static int Sign(this OrderSide side) => side == OrderSide.Buy ? 1 : -1;

    /// <summary>The side that closes a position opened on <paramref name="side"/>.</summary>
    public static OrderSide Opposite(this OrderSide side) => side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
}
