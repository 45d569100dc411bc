using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;

namespace ChatOpsTrader.Core.Ports;

/// <summary>Something the broker told us. Broker adapters translate their wire format into these.</summary>
/// <param name="Time">When the adapter received it.</param>
public abstract record BrokerEvent(DateTimeOffset Time);

/// <summary>An order was opened or changed status (ours or anyone else's on the account).</summary>
public sealed record OrderUpdated(DateTimeOffset Time, BrokerOrder Order) : BrokerEvent(Time);

/// <summary>The broker rejected an order.</summary>
/// <param name="Time">When.</param>
/// <param name="BrokerOrderId">The rejected order.</param>
/// <param name="OrderRef">Its reference.</param>
/// <param name="Code">Broker error code (TWS code, e.g. 201).</param>
/// <param name="Reason">The broker's reason in plain language.</param>
public sealed record OrderRejected(DateTimeOffset Time, long BrokerOrderId, string OrderRef, int Code, string Reason) : BrokerEvent(Time);

/// <summary>An execution happened.</summary>
public sealed record ExecutionReceived(DateTimeOffset Time, Fill Fill) : BrokerEvent(Time);

/// <summary>A quote changed.</summary>
public sealed record QuoteReceived(DateTimeOffset Time, Quote Quote) : BrokerEvent(Time);

/// <summary>The connection to the broker went up or down.</summary>
/// <param name="Time">When.</param>
/// <param name="Connected">True when orders can be sent again.</param>
/// <param name="Detail">Plain-language detail (TWS code and meaning where there is one).</param>
/// <param name="Code">Broker code, e.g. 1100, 1101, 1102, or 0.</param>
public sealed record ConnectionChanged(DateTimeOffset Time, bool Connected, string Detail, int Code = 0) : BrokerEvent(Time);

/// <summary>A non-order message from the broker worth telling a person (e.g. a farm status change).</summary>
public sealed record BrokerNotice(DateTimeOffset Time, int Code, string Message) : BrokerEvent(Time);

/// <summary>
/// The account's margin values, as the broker reports them. Adapters send one whenever the values change (TWS:
/// <c>updateAccountValue</c> / <c>accountSummary</c> with the tags <c>NetLiquidation</c>, <c>ExcessLiquidity</c> and
/// <c>MaintMarginReq</c>, in the account's base currency; the paper broker after every execution and at most every
/// few seconds while positions are open). All three values come from the same report; an adapter that has only
/// some of them waits until it has all three.
/// </summary>
/// <param name="Time">When the adapter received them.</param>
/// <param name="NetLiquidation">Net liquidation value (TWS <c>NetLiquidation</c>).</param>
/// <param name="ExcessLiquidity">Equity with loan value minus the maintenance margin (TWS <c>ExcessLiquidity</c>); negative means a margin deficit and liquidation by the broker.</param>
/// <param name="MaintenanceMargin">The maintenance margin requirement (TWS <c>MaintMarginReq</c>).</param>
public sealed record AccountValuesReceived(DateTimeOffset Time, decimal NetLiquidation, decimal ExcessLiquidity, decimal MaintenanceMargin) : BrokerEvent(Time)
{
    /// <summary>
    /// The cushion as TWS computes its <c>Cushion</c> tag: excess liquidity / net liquidation (0.10 = 10%), or null when
    /// the net liquidation is not positive (no meaningful ratio; the monitor treats it as critical).
    /// </summary>
    public decimal? Cushion => NetLiquidation > 0 ? ExcessLiquidity / NetLiquidation : null;
}
