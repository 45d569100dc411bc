namespace ChatOpsTrader.Tws.Broker;

/// <summary>
/// Pure: the <c>BrokerOrderId</c> of a TWS order as the engine sees it. TWS order ids are unique only per client id,
/// and the watchdog sees every client's orders, so:
/// <list type="bullet">
/// <item>our orders (our client id, order id &gt; 0) keep their TWS order id: 1 … 2^31−1;</item>
/// <item>every other order (another client id, or a manual TWS order with order id 0) is
/// <see cref="ForeignBase"/> + permId. permId is TWS's account-wide permanent id, so it cannot collide with ours
/// (they live below 2^31) nor with another client's order of the same order id;</item>
/// <item>a foreign order without a permId yet (TWS assigns one on submission, so this is rare) gets the negative
/// client-qualified id −(clientId·2^32 + orderId + 1); it never collides with the two ranges above.</item>
/// </list>
/// Only our range can be cancelled with cancelOrder (TWS lets a client cancel only its own orders); see
/// <see cref="TwsBrokerPort.CancelOrderAsync"/>.
/// </summary>
public static class TwsOrderIds
{
    /// <summary>Foreign orders are numbered from here (2^40) by permId.</summary>
    public const long ForeignBase = 1L << 40;

    /// <summary>The engine's id of an order.</summary>
    /// <param name="ourClientId">Our API client id.</param>
    /// <param name="clientId">The client id that placed the order (0 for TWS manual orders).</param>
    /// <param name="orderId">TWS order id (per client; 0 for unbound manual orders).</param>
    /// <param name="permId">TWS permanent id, 0 when not known yet.</param>
    public static long ToBrokerOrderId(int ourClientId, int clientId, int orderId, long permId)
    {
        if (clientId == ourClientId && orderId > 0)
            return orderId;
        if (permId > 0)
            return ForeignBase + permId;
        return -(((long)clientId << 32) + (uint)orderId + 1);
    }

    /// <summary>True for ids in our range: orders this client placed and can cancel with cancelOrder.</summary>
    public static bool IsOurs(long brokerOrderId) => brokerOrderId is > 0 and <= int.MaxValue;

    /// <summary>The TWS order id of one of our orders; throws for a foreign id.</summary>
    public static int ToTwsOrderId(long brokerOrderId) =>
        IsOurs(brokerOrderId)
            ? (int)brokerOrderId
            : throw new ArgumentOutOfRangeException(nameof(brokerOrderId), brokerOrderId, "Not one of our order ids.");
}
