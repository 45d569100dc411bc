using ChatOpsTrader.Core.Risk;

namespace ChatOpsTrader.Tests.Risk;

public class RiskLimitsTests
{
    [Fact]
    public void The_default_limits_are_valid()
    {
        Assert.Empty(RiskLimits.Default.Validate());
    }

    [Fact]
    public void Limits_that_would_disable_a_guardrail_are_named()
    {
        var limits = RiskLimits.Default with
        {
            MaxPositionPerSymbol = 0,
            DailyLossLimit = -1,
            LossWarningLevels = [0.5m, 1.2m],
            RunawayMaxOrders = 0,
            QuoteMaxAge = TimeSpan.Zero,
        };
        var problems = limits.Validate();
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("MaxPositionPerSymbol", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("LossWarningLevels", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(limits.EnsureValid);
    }
}
