namespace ChatOpsTrader.Core.Orders;

/// <summary>The life cycle of an order at the broker.</summary>
public enum OrderStatus
{
    /// <summary>Written to our journal and handed to the broker, not yet acknowledged.</summary>
    PendingSubmit,

    /// <summary>Working at the broker (TWS PreSubmitted or Submitted).</summary>
    Submitted,

    /// <summary>Working and partly filled.</summary>
    PartiallyFilled,

    /// <summary>A cancel was requested and is not yet confirmed.</summary>
    PendingCancel,

    /// <summary>Completely filled. Terminal.</summary>
    Filled,

    /// <summary>Cancelled. Terminal.</summary>
    Cancelled,

    /// <summary>Rejected by the broker. Terminal.</summary>
    Rejected,
}

/// <summary>Helpers for <see cref="OrderStatus"/>.</summary>
public static class OrderStatusExtensions
{
    /// <summary>True while the order can still fill.</summary>
    public static bool IsWorking(this OrderStatus status) =>
        status is OrderStatus.PendingSubmit or OrderStatus.Submitted or OrderStatus.PartiallyFilled or OrderStatus.PendingCancel;
}
