using ChatOpsTrader.Core.Market;

namespace ChatOpsTrader.Simulator;

/// <summary>
/// Something the paper exchange tells its subscribers. Delivered outside the exchange's lock, one at a time,
/// in the order the changes happened.
/// </summary>
/// <param name="Time">Exchange time of the change.</param>
public abstract record PaperEvent(DateTimeOffset Time);

/// <summary>An order was opened or changed (TWS openOrder + orderStatus).</summary>
public sealed record PaperOrderStatusChanged(DateTimeOffset Time, PaperOrder Order) : PaperEvent(Time);

/// <summary>An order executed, with its commission (TWS execDetails + commissionReport). A status event follows.</summary>
public sealed record PaperOrderExecuted(DateTimeOffset Time, PaperExecution Execution) : PaperEvent(Time);

/// <summary>An order was rejected (TWS error with the order id, e.g. 201 "Order rejected - reason: insufficient margin"). A status event (Inactive) follows.</summary>
/// <param name="Time">When.</param>
/// <param name="Order">The rejected order.</param>
/// <param name="Code">TWS error code: 201, 200 (unknown symbol), 321 (validation), 434 (zero size) or the code given to <see cref="PaperExchange.RejectNext"/>.</param>
/// <param name="Message">TWS error text.</param>
public sealed record PaperOrderRejected(DateTimeOffset Time, PaperOrder Order, int Code, string Message) : PaperEvent(Time);

/// <summary>A new quote (TWS tickPrice bid/ask/last).</summary>
public sealed record PaperQuoteUpdated(DateTimeOffset Time, Quote Quote) : PaperEvent(Time);

/// <summary>A position changed (TWS position / updatePortfolio).</summary>
public sealed record PaperPositionChanged(DateTimeOffset Time, PaperPosition Position) : PaperEvent(Time);

/// <summary>A TWS error or notice not tied to a rejection: 202 order cancelled, 10147 cancel target not found, 103 duplicate id.</summary>
/// <param name="Time">When.</param>
/// <param name="Id">Order id, or -1 for system messages.</param>
/// <param name="Code">TWS code.</param>
/// <param name="Message">TWS text.</param>
public sealed record PaperErrorRaised(DateTimeOffset Time, long Id, int Code, string Message) : PaperEvent(Time);
