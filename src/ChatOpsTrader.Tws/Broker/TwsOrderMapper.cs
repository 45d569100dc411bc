using System.Globalization;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tws.Broker;

/// <summary>
/// Pure translation between the core's orders and TWS's: our requests to placeOrder messages (brackets as parent +
/// take-profit + stop-loss), openOrder/orderStatus to <see cref="BrokerOrder"/>, execDetails to <see cref="Fill"/>.
/// </summary>
public static class TwsOrderMapper
{
    /// <summary>The OCA type of bracket children: 2, remaining orders reduced in size with block (a partial fill of one exit shrinks the other).</summary>
    public const int BracketOcaType = 2;

    /// <summary>Time in force of bracket children: they protect the position until it is closed, across sessions.</summary>
    public const string BracketChildTif = "GTC";

    /// <summary>Throws <see cref="ArgumentException"/> for a request TWS would refuse or we could misplace; changes nothing.</summary>
    public static void Validate(BrokerOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Symbol))
            throw new ArgumentException("The order has no symbol.", nameof(request));
        if (request.Quantity <= 0)
            throw new ArgumentException($"The order quantity must be positive (got {request.Quantity}).", nameof(request));
        if (request.Type is OrderType.Limit or OrderType.StopLimit && request.LimitPrice is not > 0)
            throw new ArgumentException($"A {request.Type} order needs a positive limit price.", nameof(request));
        if (request.Type is OrderType.Stop or OrderType.StopLimit && request.StopPrice is not > 0)
            throw new ArgumentException($"A {request.Type} order needs a positive stop price.", nameof(request));
        if (request.Bracket is { } b && (b.TakeProfitPrice <= 0 || b.StopLossPrice <= 0))
            throw new ArgumentException("Bracket prices must be positive.", nameof(request));
        if (request.OrderRef.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("The order reference contains a NUL.", nameof(request));
    }

    /// <summary>
    /// The placeOrder messages of a request, in sending order. A plain order is one message with transmit true. A
    /// bracket is the parent (transmit false), the take-profit limit (parentId, transmit false) and the stop-loss stop
    /// (parentId, transmit true: TWS releases the three together); the children share the OCA group
    /// "<c>orderRef</c>-OCA" with <see cref="BracketOcaType"/>. Every order carries its orderRef.
    /// </summary>
    /// <param name="request">The core's request (validated).</param>
    /// <param name="orderIds">One id, or three for a bracket: parent, take-profit, stop-loss.</param>
    /// <param name="contract">The contract of the symbol.</param>
    /// <param name="account">Account, empty for the login's only account.</param>
    /// <param name="tif">Time in force of the parent.</param>
    public static IReadOnlyList<PlaceOrderRequest> ToPlaceOrders(BrokerOrderRequest request, IReadOnlyList<int> orderIds, TwsContract contract, string account, string tif)
    {
        Validate(request);
        ArgumentNullException.ThrowIfNull(orderIds);
        ArgumentNullException.ThrowIfNull(contract);
        var needed = request.Bracket is null ? 1 : 3;
        if (orderIds.Count != needed)
            throw new ArgumentException($"{needed} order id(s) needed, got {orderIds.Count}.", nameof(orderIds));

        var parent = new TwsOrder
        {
            Action = Action(request.Side),
            TotalQuantity = request.Quantity,
            OrderType = OrderTypeText(request.Type),
            LmtPrice = request.Type is OrderType.Limit or OrderType.StopLimit ? request.LimitPrice : null,
            AuxPrice = request.Type is OrderType.Stop or OrderType.StopLimit ? request.StopPrice : null,
            Tif = tif,
            Account = account,
            OrderRef = request.OrderRef,
        };
        if (request.Bracket is not { } bracket)
            return [new PlaceOrderRequest(orderIds[0], contract, parent, Transmit: true)];

        var parentId = orderIds[0];
        var exit = Action(request.Side.Opposite());
        var oca = request.OrderRef + "-OCA";
        var takeProfit = new TwsOrder
        {
            Action = exit,
            TotalQuantity = request.Quantity,
            OrderType = "LMT",
            LmtPrice = bracket.TakeProfitPrice,
            Tif = BracketChildTif,
            Account = account,
            OrderRef = bracket.TakeProfitRef,
            ParentId = parentId,
            OcaGroup = oca,
            OcaType = BracketOcaType,
        };
        var stopLoss = new TwsOrder
        {
            Action = exit,
            TotalQuantity = request.Quantity,
            OrderType = "STP",
            AuxPrice = bracket.StopLossPrice,
            Tif = BracketChildTif,
            Account = account,
            OrderRef = bracket.StopLossRef,
            ParentId = parentId,
            OcaGroup = oca,
            OcaType = BracketOcaType,
        };
        return
        [
            new PlaceOrderRequest(parentId, contract, parent, Transmit: false),
            new PlaceOrderRequest(orderIds[1], contract, takeProfit, Transmit: false),
            new PlaceOrderRequest(orderIds[2], contract, stopLoss, Transmit: true),
        ];
    }

    /// <summary>BUY or SELL.</summary>
    public static string Action(OrderSide side) => side == OrderSide.Buy ? "BUY" : "SELL";

    /// <summary>MKT, LMT, STP, STP LMT.</summary>
    public static string OrderTypeText(OrderType type) => type switch
    {
        OrderType.Market => "MKT",
        OrderType.Limit => "LMT",
        OrderType.Stop => "STP",
        OrderType.StopLimit => "STP LMT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown order type."),
    };

    /// <summary>
    /// TWS order type to ours. Types we do not place (a foreign TRAIL, MOC, REL…) map to the nearest kind so the
    /// watchdog still sees them: trailing stops as stops, anything with a limit price as a limit, else market.
    /// </summary>
    public static OrderType ParseOrderType(string orderType, decimal? limitPrice) => orderType.Trim().ToUpperInvariant() switch
    {
        "MKT" => OrderType.Market,
        "LMT" => OrderType.Limit,
        "STP" or "TRAIL" => OrderType.Stop,
        "STP LMT" or "TRAIL LIMIT" => OrderType.StopLimit,
        _ => limitPrice is > 0 ? OrderType.Limit : OrderType.Market,
    };

    /// <summary>BUY/BOT → buy; SELL/SSHORT/SLD → sell.</summary>
    public static OrderSide ParseSide(string action) => action.Trim().ToUpperInvariant() switch
    {
        "BUY" or "BOT" => OrderSide.Buy,
        "SELL" or "SSHORT" or "SLD" => OrderSide.Sell,
        _ => throw new ArgumentException($"Unknown side '{action}'.", nameof(action)),
    };

    /// <summary>
    /// TWS status to ours. Unknown statuses count as working (fail closed: the engine keeps watching the order).
    /// Inactive means TWS will not work the order (rejected, or held and not transmitted): Rejected.
    /// </summary>
    public static OrderStatus ParseStatus(string status, decimal filled) => status.Trim() switch
    {
        "PendingSubmit" or "ApiPending" => OrderStatus.PendingSubmit,
        "PendingCancel" => OrderStatus.PendingCancel,
        "Cancelled" or "ApiCancelled" => OrderStatus.Cancelled,
        "Filled" => OrderStatus.Filled,
        "Inactive" => OrderStatus.Rejected,
        _ => filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Submitted,
    };

    /// <summary>An openOrder (with the fill progress we know) as the core's order.</summary>
    public static BrokerOrder ToBrokerOrder(long brokerOrderId, long? parentBrokerOrderId, OpenOrderMessage message, decimal filled, decimal averageFillPrice, string? status = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var order = message.Order;
        var type = ParseOrderType(order.OrderType, order.LmtPrice);
        return new BrokerOrder(
            brokerOrderId,
            order.OrderRef,
            message.Contract.Symbol,
            ParseSide(order.Action),
            order.TotalQuantity,
            type,
            type is OrderType.Limit or OrderType.StopLimit ? order.LmtPrice : null,
            type is OrderType.Stop or OrderType.StopLimit ? order.AuxPrice : null,
            parentBrokerOrderId,
            ParseStatus(status ?? message.Status, filled),
            filled,
            averageFillPrice,
            message.ClientId);
    }

    /// <summary>An execution as the core's fill.</summary>
    public static Fill ToFill(long brokerOrderId, ExecDetailsMessage message, decimal? commission, DateTimeOffset received)
    {
        ArgumentNullException.ThrowIfNull(message);
        var e = message.Execution;
        return new Fill(e.ExecId, brokerOrderId, e.OrderRef, message.Contract.Symbol, ParseSide(e.Side), e.Shares, e.Price,
            commission ?? 0m, ParseExecutionTime(e.Time) ?? received);
    }

    /// <summary>
    /// TWS execution time: <c>yyyyMMdd-HH:mm:ss</c> (UTC), or <c>yyyyMMdd HH:mm:ss</c> with an optional IANA/Windows
    /// zone name (TWS's local time without one: unknown offset, so null). Null when it cannot be read for sure.
    /// </summary>
    public static DateTimeOffset? ParseExecutionTime(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1 && DateTime.TryParseExact(parts[0], "yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
            return new DateTimeOffset(utc, TimeSpan.Zero);
        if (parts.Length != 3 || !DateTime.TryParseExact(parts[0] + " " + parts[1], "yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        var zoneName = parts[2] switch
        {
            "US/Eastern" or "EST" or "EDT" => "America/New_York",
            "US/Central" or "CST" or "CDT" => "America/Chicago",
            "GMT" or "UTC" => "UTC",
            var other => other,
        };
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneName);
            var offset = zone.GetUtcOffset(local);
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
