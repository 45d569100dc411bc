using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tws.Broker;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tests.Tws.Client;

public class TwsOrderMappingTests
{
    private static readonly TwsContract Stock = new() { Symbol = "AAPL", SecType = "STK", Exchange = "SMART", Currency = "USD" };

    [Fact]
    public void Our_orders_keep_their_TWS_id_and_foreign_orders_are_numbered_by_permId_above_ours()
    {
        Assert.Equal(42, TwsOrderIds.ToBrokerOrderId(ourClientId: 1, clientId: 1, orderId: 42, permId: 555));
        var foreignSameId = TwsOrderIds.ToBrokerOrderId(1, 2, 42, 556);
        var manual = TwsOrderIds.ToBrokerOrderId(1, 0, 0, 557);
        Assert.Equal(TwsOrderIds.ForeignBase + 556, foreignSameId);
        Assert.Equal(TwsOrderIds.ForeignBase + 557, manual);
        Assert.NotEqual(42, foreignSameId);
        Assert.True(TwsOrderIds.IsOurs(42));
        Assert.False(TwsOrderIds.IsOurs(foreignSameId));
        Assert.False(TwsOrderIds.IsOurs(manual));
        Assert.Throws<ArgumentOutOfRangeException>(() => TwsOrderIds.ToTwsOrderId(manual));
    }

    [Fact]
    public void Foreign_orders_without_a_permId_get_distinct_negative_client_qualified_ids()
    {
        var a = TwsOrderIds.ToBrokerOrderId(1, 2, 42, 0);
        var b = TwsOrderIds.ToBrokerOrderId(1, 3, 42, 0);
        var c = TwsOrderIds.ToBrokerOrderId(1, 0, 0, 0);
        Assert.True(a < 0 && b < 0 && c < 0);
        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
        Assert.False(TwsOrderIds.IsOurs(a));
    }

    [Fact]
    public void A_client_id_of_zero_owns_its_positive_ids_but_not_manual_orders()
    {
        Assert.Equal(5, TwsOrderIds.ToBrokerOrderId(0, 0, 5, 900));
        Assert.Equal(TwsOrderIds.ForeignBase + 901, TwsOrderIds.ToBrokerOrderId(0, 0, -3, 901));
    }

    [Theory]
    [InlineData(OrderType.Market, null, null, "MKT", null, null)]
    [InlineData(OrderType.Limit, 101.5, null, "LMT", 101.5, null)]
    [InlineData(OrderType.Stop, null, 99.25, "STP", null, 99.25)]
    [InlineData(OrderType.StopLimit, 99.0, 99.25, "STP LMT", 99.0, 99.25)]
    public void Plain_orders_are_one_transmitted_message_with_their_prices_and_orderRef(OrderType type, double? limit, double? stop, string twsType, double? lmt, double? aux)
    {
        var request = new BrokerOrderRequest("COT-abc", "AAPL", OrderSide.Sell, 10, type, (decimal?)limit, (decimal?)stop);
        var orders = TwsOrderMapper.ToPlaceOrders(request, [7], Stock, "DU1", "DAY");
        var only = Assert.Single(orders);
        Assert.Equal(7, only.OrderId);
        Assert.True(only.Transmit);
        Assert.Equal("SELL", only.Order.Action);
        Assert.Equal(twsType, only.Order.OrderType);
        Assert.Equal((decimal?)lmt, only.Order.LmtPrice);
        Assert.Equal((decimal?)aux, only.Order.AuxPrice);
        Assert.Equal("COT-abc", only.Order.OrderRef);
        Assert.Equal("DU1", only.Order.Account);
        Assert.Equal(0, only.Order.ParentId);
    }

    [Fact]
    public void A_bracket_is_parent_then_take_profit_then_stop_loss_with_transmit_only_on_the_last_and_one_OCA_group()
    {
        var request = new BrokerOrderRequest("COT-p", "AAPL", OrderSide.Buy, 5, OrderType.Limit, 100m, null,
            new BracketRequest("COT-p-TP", 110m, "COT-p-SL", 95m));
        var orders = TwsOrderMapper.ToPlaceOrders(request, [10, 11, 12], Stock, string.Empty, "DAY");

        Assert.Equal([10, 11, 12], orders.Select(o => o.OrderId));
        Assert.Equal([false, false, true], orders.Select(o => o.Transmit));
        Assert.Equal([0, 10, 10], orders.Select(o => o.Order.ParentId));
        Assert.Equal(["BUY", "SELL", "SELL"], orders.Select(o => o.Order.Action));
        Assert.Equal(["LMT", "LMT", "STP"], orders.Select(o => o.Order.OrderType));
        Assert.Equal(["COT-p", "COT-p-TP", "COT-p-SL"], orders.Select(o => o.Order.OrderRef));
        Assert.Equal(110m, orders[1].Order.LmtPrice);
        Assert.Equal(95m, orders[2].Order.AuxPrice);
        Assert.Equal(string.Empty, orders[0].Order.OcaGroup);
        Assert.Equal("COT-p-OCA", orders[1].Order.OcaGroup);
        Assert.Equal("COT-p-OCA", orders[2].Order.OcaGroup);
        Assert.All(orders.Skip(1), o => Assert.Equal(TwsOrderMapper.BracketOcaType, o.Order.OcaType));
        Assert.All(orders.Skip(1), o => Assert.Equal("GTC", o.Order.Tif));
    }

    [Theory]
    [InlineData(0, OrderType.Market, null, null)]
    [InlineData(5, OrderType.Limit, null, null)]
    [InlineData(5, OrderType.Stop, null, null)]
    [InlineData(5, OrderType.StopLimit, 10.0, null)]
    [InlineData(-1, OrderType.Market, null, null)]
    public void Bad_requests_are_refused(decimal quantity, OrderType type, double? limit, double? stop)
    {
        var request = new BrokerOrderRequest("COT-x", "AAPL", OrderSide.Buy, quantity, type, (decimal?)limit, (decimal?)stop);
        Assert.Throws<ArgumentException>(() => TwsOrderMapper.ToPlaceOrders(request, [1], Stock, string.Empty, "DAY"));
    }

    [Theory]
    [InlineData("Submitted", 0, OrderStatus.Submitted)]
    [InlineData("PreSubmitted", 0, OrderStatus.Submitted)]
    [InlineData("Submitted", 3, OrderStatus.PartiallyFilled)]
    [InlineData("PendingSubmit", 0, OrderStatus.PendingSubmit)]
    [InlineData("PendingCancel", 0, OrderStatus.PendingCancel)]
    [InlineData("Cancelled", 0, OrderStatus.Cancelled)]
    [InlineData("ApiCancelled", 0, OrderStatus.Cancelled)]
    [InlineData("Filled", 5, OrderStatus.Filled)]
    [InlineData("Inactive", 0, OrderStatus.Rejected)]
    [InlineData("SomethingNew", 0, OrderStatus.Submitted)]
    public void Statuses_map_and_unknown_ones_count_as_working(string status, decimal filled, OrderStatus expected) =>
        Assert.Equal(expected, TwsOrderMapper.ParseStatus(status, filled));

    [Fact]
    public void Execution_times_are_read_when_their_zone_is_known()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 15, 30, 0, TimeSpan.Zero), TwsOrderMapper.ParseExecutionTime("20261120-15:30:00"));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 30, 0, TimeSpan.FromHours(-5)), TwsOrderMapper.ParseExecutionTime("20261120 10:30:00 US/Eastern"));
        Assert.Null(TwsOrderMapper.ParseExecutionTime("20261120  10:30:00"));
        Assert.Null(TwsOrderMapper.ParseExecutionTime("garbage"));
    }

    [Fact]
    public void Foreign_order_types_map_to_the_nearest_kind()
    {
        Assert.Equal(OrderType.Stop, TwsOrderMapper.ParseOrderType("TRAIL", null));
        Assert.Equal(OrderType.Limit, TwsOrderMapper.ParseOrderType("REL", 10m));
        Assert.Equal(OrderType.Market, TwsOrderMapper.ParseOrderType("MOC", null));
    }
}
