using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tws.Client;

/// <summary>What the client tells its owner (the broker adapter). Called from the read loop or a timer: must not block.</summary>
public interface ITwsClientListener
{
    /// <summary>An openOrder of any client (unsolicited, or part of an open-orders answer).</summary>
    void OnOpenOrder(OpenOrderMessage message);

    /// <summary>An orderStatus of any client.</summary>
    void OnOrderStatus(OrderStatusMessage message);

    /// <summary>An unsolicited fill, once its commissionReport arrived or <see cref="TwsOptions.CommissionWait"/> passed.</summary>
    void OnExecution(TwsExecutionReport report);

    /// <summary>An error, warning or notice that no pending request consumed.</summary>
    void OnError(ErrorMessage error);

    /// <summary>A quote changed (bid, ask or last).</summary>
    void OnQuote(TwsQuote quote);

    /// <summary>The connection was lost (or closed); pending requests have failed.</summary>
    void OnConnectionLost(string reason);
}

/// <summary>An open order with its latest orderStatus, if one came.</summary>
public sealed record TwsOpenOrder(OpenOrderMessage Order, OrderStatusMessage? Status);

/// <summary>An execution and its commission report (null when it had not arrived).</summary>
public sealed record TwsExecutionReport(ExecDetailsMessage Details, CommissionReportMessage? Commission);

/// <summary>The latest top of book of a subscribed symbol; 0 where TWS has not sent that price.</summary>
public sealed record TwsQuote(string Symbol, decimal Bid, decimal Ask, decimal Last);

/// <summary>Account values from reqAccountSummary; null where TWS did not send the tag.</summary>
/// <param name="Account">The account the values belong to.</param>
/// <param name="NetLiquidation">Net liquidation value.</param>
/// <param name="ExcessLiquidity">Excess liquidity.</param>
/// <param name="Cushion">Cushion (excess liquidity as a fraction of net liquidation).</param>
/// <param name="Currency">Currency of the values.</param>
/// <param name="MaintenanceMargin">Maintenance margin requirement (<c>MaintMarginReq</c>).</param>
public sealed record TwsAccountValues(string Account, decimal? NetLiquidation, decimal? ExcessLiquidity, decimal? Cushion, string Currency, decimal? MaintenanceMargin = null);
