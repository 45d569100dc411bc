using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Core.Portfolio;

/// <summary>One execution at the broker.</summary>
/// <param name="ExecId">The broker's unique execution id.</param>
/// <param name="BrokerOrderId">The order it belongs to.</param>
/// <param name="OrderRef">The order's reference (ours or foreign).</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Positive quantity of this execution.</param>
/// <param name="Price">Execution price.</param>
/// <param name="Commission">Commission charged (0 until known).</param>
/// <param name="Time">Execution time.</param>
/// <param name="Strategy">Owning strategy; empty when the broker reported it and we have not attributed it.</param>
public sealed record Fill(
    string ExecId,
    long BrokerOrderId,
    string OrderRef,
    string Symbol,
    OrderSide Side,
    decimal Quantity,
    decimal Price,
    decimal Commission,
    DateTimeOffset Time,
    string Strategy = "");
