using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Risk;

namespace ChatOpsTrader.Core.Ports;

/// <summary>
/// The only way an order reaches the broker: every intent is checked by the safety core, journaled with its
/// idempotency key and order reference, then sent. A retried intent with the same key returns the first result.
/// </summary>
public interface IOrderGate
{
    /// <summary>Submits an intent and waits for the core's decision (not for the fill).</summary>
    ValueTask<OrderGateResult> SubmitAsync(OrderIntent intent, CancellationToken cancellationToken);
}

/// <summary>The decision on an order intent.</summary>
/// <param name="Accepted">True when the order was journaled and handed to the broker.</param>
/// <param name="IdempotencyKey">The intent's key.</param>
/// <param name="OrderRef">Our order reference at the broker.</param>
/// <param name="BrokerOrderId">The broker order id when sent.</param>
/// <param name="Rule">The rule that rejected it, or <see cref="PreflightRule.None"/>.</param>
/// <param name="Message">What happened in words (the rule and both numbers on a rejection).</param>
/// <param name="Replayed">True when this is the stored result of an earlier intent with the same key.</param>
public sealed record OrderGateResult(
    bool Accepted,
    string IdempotencyKey,
    string OrderRef,
    long? BrokerOrderId,
    PreflightRule Rule,
    string Message,
    bool Replayed = false);
