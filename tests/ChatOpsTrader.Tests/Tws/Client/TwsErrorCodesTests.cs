using ChatOpsTrader.Tws.Client;

namespace ChatOpsTrader.Tests.Tws.Client;

public class TwsErrorCodesTests
{
    [Theory]
    [InlineData(201, TwsErrorKind.OrderRejected)]
    [InlineData(103, TwsErrorKind.OrderRejected)]
    [InlineData(110, TwsErrorKind.OrderRejected)]
    [InlineData(200, TwsErrorKind.OrderRejected)]
    [InlineData(434, TwsErrorKind.OrderRejected)]
    [InlineData(435, TwsErrorKind.OrderRejected)]
    [InlineData(202, TwsErrorKind.CancelConfirmed)]
    [InlineData(10147, TwsErrorKind.CancelOrModifyFailed)]
    [InlineData(10148, TwsErrorKind.CancelOrModifyFailed)]
    [InlineData(161, TwsErrorKind.CancelOrModifyFailed)]
    [InlineData(399, TwsErrorKind.OrderWarning)]
    [InlineData(404, TwsErrorKind.OrderWarning)]
    [InlineData(2109, TwsErrorKind.OrderWarning)]
    [InlineData(1100, TwsErrorKind.ConnectivityLost)]
    [InlineData(2110, TwsErrorKind.ConnectivityLost)]
    [InlineData(1101, TwsErrorKind.ConnectivityRestoredDataLost)]
    [InlineData(1102, TwsErrorKind.ConnectivityRestoredDataKept)]
    [InlineData(2103, TwsErrorKind.FarmStatus)]
    [InlineData(2104, TwsErrorKind.FarmStatus)]
    [InlineData(2158, TwsErrorKind.FarmStatus)]
    [InlineData(326, TwsErrorKind.ClientIdInUse)]
    [InlineData(100, TwsErrorKind.Pacing)]
    [InlineData(354, TwsErrorKind.MarketData)]
    [InlineData(10167, TwsErrorKind.MarketData)]
    [InlineData(9999, TwsErrorKind.Notice)]
    public void Codes_are_classified(int code, TwsErrorKind kind) => Assert.Equal(kind, TwsErrorCodes.Classify(code));

    [Fact]
    public void A_rejection_is_plain_language_and_keeps_TWS_s_reason()
    {
        Assert.Equal("order rejected by IB (TWS 201: Order rejected - reason:Insufficient margin)",
            TwsErrorCodes.Describe(201, "Order rejected - reason:Insufficient margin"));
        Assert.Equal("order rejected: the price is not a multiple of the contract's minimum tick (TWS 110)", TwsErrorCodes.Describe(110, " "));
        Assert.StartsWith("cancel failed: TWS does not know this order", TwsErrorCodes.Describe(10147, "OrderId 5 that needs to be cancelled is not found."), StringComparison.Ordinal);
        Assert.Equal("TWS 7777: something new", TwsErrorCodes.Describe(7777, "something new"));
        Assert.Equal("TWS error 7777", TwsErrorCodes.Describe(7777, null));
    }

    [Fact]
    public void Only_order_ending_codes_are_rejections()
    {
        Assert.True(TwsErrorCodes.IsOrderRejection(201));
        Assert.False(TwsErrorCodes.IsOrderRejection(202));
        Assert.False(TwsErrorCodes.IsOrderRejection(399));
        Assert.False(TwsErrorCodes.IsOrderRejection(10147));
    }
}
