namespace ChatOpsTrader.Core.Orders;

/// <summary>Who placed an order.</summary>
public enum OrderOrigin
{
    /// <summary>An in-process strategy, through the order gate.</summary>
    Strategy,

    /// <summary>An external strategy through <c>POST /api/orders</c>.</summary>
    Api,

    /// <summary>A person, through a chat command (for example the closing orders of <c>/flatten</c>).</summary>
    Manual,

    /// <summary>A protective child of one of our bracket orders.</summary>
    Bracket,

    /// <summary>Not placed through the safety core: another client of the account, or a person in TWS.</summary>
    External,
}
