using System.Globalization;

namespace ChatOpsTrader.Core.Risk;

/// <summary>Which runaway rule tripped.</summary>
public enum RunawayKind
{
    /// <summary>More than <see cref="RiskLimits.RunawayMaxOrders"/> orders sent in <see cref="RiskLimits.RunawayWindow"/>.</summary>
    Orders,

    /// <summary>More than <see cref="RiskLimits.RunawayMaxMessages"/> messages (orders, cancels, modifications) in <see cref="RiskLimits.RunawayWindow"/>.</summary>
    Messages,

    /// <summary><see cref="RiskLimits.RunawayIdenticalOrders"/> identical attempts within <see cref="RiskLimits.RunawayIdenticalWindow"/>.</summary>
    IdenticalOrders,
}

/// <summary>A runaway detected by <see cref="OrderActivity.CheckRunaway"/>: the engine halts; only a person can lift it.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Count">How many orders, messages or identical attempts were in the window.</param>
/// <param name="Limit">The rule's number: the maximum allowed (orders, messages) or the count that is a runaway (identical).</param>
/// <param name="Window">The rule's window.</param>
/// <param name="DetectedAt">When the count was reached (the time passed to the Record call).</param>
/// <param name="Order">For identical attempts: the repeated order.</param>
/// <param name="CountIsLowerBound">True when more events arrived than the detector keeps: the count is "at least".</param>
public sealed record RunawayVerdict(
    RunawayKind Kind,
    int Count,
    int Limit,
    TimeSpan Window,
    DateTimeOffset DetectedAt,
    OrderCheck? Order = null,
    bool CountIsLowerBound = false)
{
    /// <summary>What a person reads, e.g. <c>runaway: 21 orders in 10 s (limit 20)</c>.</summary>
    public string Describe()
    {
        var count = (CountIsLowerBound ? "at least " : string.Empty) + Count.ToString(CultureInfo.InvariantCulture);
        var window = RiskText.Seconds(Window);
        var limit = Limit.ToString(CultureInfo.InvariantCulture);
        return Kind switch
        {
            RunawayKind.Orders => $"runaway: {count} orders in {window} (limit {limit})",
            RunawayKind.Messages => $"runaway: {count} messages (orders and cancels) in {window} (limit {limit})",
            RunawayKind.IdenticalOrders => $"runaway: {count} identical orders in {window} (a runaway at {limit}): {Order}",
            _ => $"runaway: {count} in {window} (limit {limit})",
        };
    }

    /// <inheritdoc />
    public override string ToString() => Describe();
}
