using System.Globalization;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Simulator.Tws;

internal sealed partial class TwsSimulatorSession
{
    private const int DuplicateOrderIdCode = 103;
    private const int CannotCancelCode = 10148;
    private const int CannotModifyFilledCode = 104;
    private const int ModifyMismatchCode = 105;
    private const decimal MaxQuantity = 1_000_000_000m;
    private const decimal MaxPrice = 1_000_000_000m;

    // Orders sent with transmit=false, held here (as TWS holds them) until an order of the same bracket arrives with
    // transmit=true. Read loop only.
    private readonly List<StagedOrder> _staged = [];

    private void PlaceOrder(PlaceOrderRequest placed)
    {
        var id = placed.OrderId;
        if (id <= 0)
        {
            Refuse(id, ValidationErrorCode, string.Create(CultureInfo.InvariantCulture, $"Error validating request: order id {id} must be positive"));
            return;
        }

        var stagedBefore = FindStaged(id);
        if (stagedBefore is null && _server.Book.Find(ClientId, id) is { } known)
        {
            Modify(placed, known);
            return;
        }

        if (stagedBefore is null && id <= _server.Book.HighestId(ClientId))
        {
            Refuse(id, DuplicateOrderIdCode, "Duplicate order id");
            return;
        }

        _server.Book.Use(ClientId, id);
        if (Validate(placed) is { } refusal)
        {
            Refuse(id, refusal.Code, refusal.Message);
            return;
        }

        // Sending a held order again replaces it (TWS lets an untransmitted order be edited).
        var staged = new StagedOrder(id, placed.Order, ToRequest(placed));
        if (stagedBefore is not null)
            _staged.Remove(stagedBefore);
        if (!placed.Transmit)
        {
            _staged.Add(staged);
            return;
        }

        // The transmitted order releases its bracket: the held parent (or itself) and the held children.
        var root = placed.Order.ParentId != 0 && FindStaged(placed.Order.ParentId) is { } stagedParent ? stagedParent : staged;
        var group = new List<StagedOrder> { root };
        group.AddRange(_staged.Where(s => s.Order.ParentId == root.OrderId));
        _staged.RemoveAll(group.Contains);
        if (root != staged)
            group.Add(staged);
        Transmit(group);
    }

    /// <summary>placeOrder with the id of an order already transmitted: a modification of its quantity and prices.</summary>
    private void Modify(PlaceOrderRequest placed, TwsOrderLink link)
    {
        var id = placed.OrderId;
        if (!_server.Exchange.TryGetOrder(link.ExchangeId, out var current) || !current!.Status.IsWorking())
        {
            if (current?.Status == PaperOrderStatus.Filled)
                Refuse(id, CannotModifyFilledCode, "Unable to modify this order as it's already filled");
            else
                Refuse(id, DuplicateOrderIdCode, "Duplicate order id");
            return;
        }

        if (Validate(placed) is { } refusal)
        {
            Refuse(id, refusal.Code, refusal.Message);
            return;
        }

        var request = ToRequest(placed);
        if (request.Symbol != current.Symbol || request.Side != current.Side || request.Type != current.Type)
        {
            Refuse(id, ModifyMismatchCode, "Order being modified does not match original order");
            return;
        }

        try
        {
            _server.Exchange.ModifyOrder(link.ExchangeId, request.Quantity, request.LimitPrice, request.StopPrice);
        }
        catch (ArgumentException ex)
        {
            Refuse(id, ValidationErrorCode, "Error validating request: " + ex.Message);
        }
    }

    private (int Code, string Message)? Validate(PlaceOrderRequest placed)
    {
        var order = placed.Order;
        if (_server.Contracts.Resolve(placed.Contract) is null)
            return (NoSecurityDefinitionCode, "No security definition has been found for the request");
        if (ParseSide(order.Action) is null)
            return (ValidationErrorCode, $"Error validating request: action \"{order.Action}\" is not BUY or SELL");
        if (order.TotalQuantity > MaxQuantity || order.LmtPrice is < 0 or > MaxPrice || order.AuxPrice is < 0 or > MaxPrice)
            return (ValidationErrorCode, "Error validating request: quantity or price out of range");
        if (ParseType(order.OrderType) is null)
            return (ValidationErrorCode, $"Error validating request: order type \"{order.OrderType}\" is not supported by the simulator (MKT, LMT, STP, STP LMT)");
        if (order.Tif.Trim().ToUpperInvariant() is not ("" or "DAY" or "GTC" or "IOC"))
            return (ValidationErrorCode, $"Error validating request: time in force \"{order.Tif}\" is not supported by the simulator (DAY, GTC, IOC)");
        if (order.Account.Length > 0 && !_server.IsManagedAccount(order.Account))
            return (ValidationErrorCode, $"Error validating request: account {order.Account} is not managed by this login");
        if (order.ParentId != 0 && FindStaged(order.ParentId) is null && _server.Book.Find(ClientId, order.ParentId) is null)
            return (ValidationErrorCode, string.Create(CultureInfo.InvariantCulture, $"Error validating request: parent order {order.ParentId} is not known"));
        return null;
    }

    private PaperOrderRequest ToRequest(PlaceOrderRequest placed)
    {
        var order = placed.Order;
        var type = ParseType(order.OrderType)!.Value;
        return new PaperOrderRequest(
            _server.Contracts.Resolve(placed.Contract)!,
            ParseSide(order.Action)!.Value,
            order.TotalQuantity,
            type,
            type is OrderType.Limit or OrderType.StopLimit ? order.LmtPrice : null,
            type is OrderType.Stop or OrderType.StopLimit ? order.AuxPrice : null)
        {
            ClientId = ClientId,
            OrderRef = order.OrderRef,

            // OCA group names belong to their client: two clients' "g1" are different groups.
            OcaGroup = order.OcaGroup.Length > 0 ? string.Create(CultureInfo.InvariantCulture, $"{ClientId}/{order.OcaGroup}") : "",
        };
    }

    /// <summary>Places a transmitted order, or a held bracket with the order that released it.</summary>
    private void Transmit(List<StagedOrder> group)
    {
        var exchange = _server.Exchange;
        lock (_server.PlacementLock)
        {
            var links = group.Select(s => _server.Book.Link(ClientId, s.OrderId, s.Order, FreeAtExchange, exchange.NextOrderId)).ToList();
            long? ExchangeParent(StagedOrder s) => s.Order.ParentId == 0 ? null : _server.Book.Find(ClientId, s.Order.ParentId)?.ExchangeId;

            if (group.Count == 3 && group[1].Order.ParentId == group[0].OrderId && group[2].Order.ParentId == group[0].OrderId)
            {
                // Parent and two children: one atomic bracket at the exchange (children sized to the parent's fills).
                exchange.PlaceBracket(
                    group[0].Request with { OrderId = links[0].ExchangeId, ParentId = ExchangeParent(group[0]) },
                    group[1].Request with { OrderId = links[1].ExchangeId },
                    group[2].Request with { OrderId = links[2].ExchangeId });
                return;
            }

            for (var i = 0; i < group.Count; i++)
            {
                var exchangeId = exchange.PlaceOrder(group[i].Request with { OrderId = links[i].ExchangeId, ParentId = ExchangeParent(group[i]) });
                if (group[i].Order.Tif.Trim().Equals("IOC", StringComparison.OrdinalIgnoreCase)
                    && exchange.TryGetOrder(exchangeId, out var placed) && placed!.Status.IsWorking())
                    exchange.CancelOrder(exchangeId); // immediate or cancel: what did not fill at once goes
            }
        }

        bool FreeAtExchange(long exchangeId) => !exchange.TryGetOrder(exchangeId, out _);
    }

    private void CancelOrder(int id)
    {
        if (FindStaged(id) is { } staged)
        {
            CancelStaged(staged);
            return;
        }

        var link = _server.Book.Find(ClientId, id);
        if (link is null || !_server.Exchange.TryGetOrder(link.ExchangeId, out var order))
        {
            Refuse(id, PaperExchange.CancelNotFoundCode, string.Create(CultureInfo.InvariantCulture, $"OrderId {id} that needs to be cancelled is not found."));
            return;
        }

        if (!order!.Status.IsWorking())
        {
            Refuse(id, CannotCancelCode, string.Create(CultureInfo.InvariantCulture, $"OrderId {id} that needs to be cancelled cannot be cancelled, state: {order.Status.ToTwsString()}."));
            return;
        }

        _server.Exchange.CancelOrder(link.ExchangeId);
    }

    private void GlobalCancel()
    {
        foreach (var staged in _staged.Where(s => s.Order.ParentId == 0 || FindStaged(s.Order.ParentId) is null).ToArray())
            CancelStaged(staged);
        _server.Exchange.GlobalCancel();
    }

    /// <summary>A held order (and its held children) cancelled before it was transmitted.</summary>
    private void CancelStaged(StagedOrder staged)
    {
        foreach (var order in _staged.Where(s => s == staged || s.Order.ParentId == staged.OrderId).ToArray())
        {
            _staged.Remove(order);
            Send(new OrderStatusMessage(order.OrderId, "Cancelled", 0, order.Request.Quantity, 0m, 0, order.Order.ParentId, 0m, ClientId, "", 0m));
            SendError(order.OrderId, PaperExchange.CancelledCode, "Order Canceled - reason:");
        }
    }

    private void SendOpenOrders(bool all)
    {
        foreach (var order in _server.Exchange.GetSnapshot().OpenOrders)
        {
            // reqOpenOrders from client 0 also binds the manual TWS orders.
            var link = _server.Book.LinkOf(order);
            if (all || _server.Receives(this, link) || (link.IsManual && ClientId == 0))
                SendOrder(order, link);
        }

        Send(OpenOrderEndMessage.Instance);
    }

    /// <summary>openOrder and orderStatus of one exchange order.</summary>
    public void SendOrder(PaperOrder order, TwsOrderLink link)
    {
        var parent = order.ParentId is { } p ? _server.Book.Find(p) : null;
        Send(TwsSimulatorMessages.OpenOrder(order, link, parent, _server.Contracts.For(order.Symbol)));
        Send(TwsSimulatorMessages.OrderStatus(order, link, parent));
    }

    private StagedOrder? FindStaged(int orderId) => _staged.Find(s => s.OrderId == orderId);

    private static OrderSide? ParseSide(string action) => action.Trim().ToUpperInvariant() switch
    {
        "BUY" => OrderSide.Buy,
        "SELL" or "SSHORT" => OrderSide.Sell,
        _ => null,
    };

    private static OrderType? ParseType(string type) => type.Trim().ToUpperInvariant() switch
    {
        "MKT" => OrderType.Market,
        "LMT" => OrderType.Limit,
        "STP" => OrderType.Stop,
        "STP LMT" or "STPLMT" => OrderType.StopLimit,
        _ => null,
    };

    private sealed record StagedOrder(int OrderId, TwsOrder Order, PaperOrderRequest Request);
}
