using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Simulator;

/// <summary>One execution at the paper exchange, with its commission (TWS execDetails + commissionReport).</summary>
/// <param name="ExecId">Unique execution id, e.g. <c>0001f4e8.6601a1b2.01.01</c>.</param>
/// <param name="OrderId">The order.</param>
/// <param name="PermId">The order's permanent id.</param>
/// <param name="ClientId">The client that placed the order.</param>
/// <param name="Account">Account id.</param>
/// <param name="OrderRef">The order's reference.</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Shares in this execution.</param>
/// <param name="Price">Execution price.</param>
/// <param name="Time">Execution time (historical for executions replayed at load).</param>
/// <param name="CumulativeQuantity">Order's filled quantity after this execution.</param>
/// <param name="AveragePrice">Order's average fill price after this execution.</param>
/// <param name="Commission">Commission charged.</param>
/// <param name="RealizedPnl">P&amp;L realized by the closing part, net of this commission; null when it only opened.</param>
public sealed record PaperExecution(
    string ExecId,
    long OrderId,
    long PermId,
    int ClientId,
    string Account,
    string OrderRef,
    string Symbol,
    OrderSide Side,
    decimal Quantity,
    decimal Price,
    DateTimeOffset Time,
    decimal CumulativeQuantity,
    decimal AveragePrice,
    decimal Commission,
    decimal? RealizedPnl);
