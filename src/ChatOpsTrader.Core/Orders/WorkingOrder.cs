namespace ChatOpsTrader.Core.Orders;

/// <summary>An order in our own book: the broker's view plus who placed it and for which strategy.</summary>
/// <param name="Order">The broker's view of the order.</param>
/// <param name="Origin">Who placed it.</param>
/// <param name="Strategy">Owning strategy (empty for external orders).</param>
/// <param name="CreatedAt">When we first saw or sent it.</param>
public sealed record WorkingOrder(BrokerOrder Order, OrderOrigin Origin, string Strategy, DateTimeOffset CreatedAt);
