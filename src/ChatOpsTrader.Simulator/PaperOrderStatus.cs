using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Simulator;

/// <summary>Order statuses as TWS names them (the member names are the TWS strings).</summary>
public enum PaperOrderStatus
{
    /// <summary>Accepted, waiting for a condition: a bracket child whose parent has not filled yet.</summary>
    PreSubmitted,

    /// <summary>Working (possibly partly filled).</summary>
    Submitted,

    /// <summary>Cancelled (by a cancel, a global cancel, OCA or its parent). Terminal.</summary>
    Cancelled,

    /// <summary>Completely filled. Terminal.</summary>
    Filled,

    /// <summary>Rejected; an error (e.g. 201) says why. Terminal.</summary>
    Inactive,
}

/// <summary>Helpers for <see cref="PaperOrderStatus"/>.</summary>
public static class PaperOrderStatusExtensions
{
    /// <summary>True while the order can still fill.</summary>
    public static bool IsWorking(this PaperOrderStatus status) => status is PaperOrderStatus.PreSubmitted or PaperOrderStatus.Submitted;

    /// <summary>The status string TWS uses in orderStatus and openOrder.</summary>
    public static string ToTwsString(this PaperOrderStatus status) => status.ToString();

    /// <summary>The core's status for a paper status and filled quantity.</summary>
    public static OrderStatus ToCoreStatus(this PaperOrderStatus status, decimal filled) => status switch
    {
        PaperOrderStatus.PreSubmitted => OrderStatus.Submitted,
        PaperOrderStatus.Submitted => filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Submitted,
        PaperOrderStatus.Filled => OrderStatus.Filled,
        PaperOrderStatus.Cancelled => OrderStatus.Cancelled,
        PaperOrderStatus.Inactive => OrderStatus.Rejected,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown paper order status"),
    };
}
