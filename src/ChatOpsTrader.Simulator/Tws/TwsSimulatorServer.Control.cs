using System.Globalization;
using ChatOpsTrader.Core.Orders;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>The control API for tests and drills: faults a real TWS produces, on demand.</summary>
public sealed partial class TwsSimulatorServer
{
    /// <summary>True while new connections are accepted (false after <see cref="PauseAccepting"/>).</summary>
    public bool IsAccepting
    {
        get
        {
            lock (_gate)
                return _listener is not null;
        }
    }

    /// <summary>Drops every connection at once, without a goodbye (as when TWS dies). Returns how many were dropped.</summary>
    public int DropAllConnections()
    {
        var sessions = _sessions.Values.ToList();
        TwsLog.Control(_logger, $"dropping {sessions.Count} connections");
        foreach (var session in sessions)
            session.Abort();
        return sessions.Count;
    }

    /// <summary>Drops the connection of one client id. False when no such client is connected.</summary>
    public bool DropConnection(int clientId)
    {
        TwsSimulatorSession? session;
        lock (_gate)
            _clients.TryGetValue(clientId, out session);
        if (session is null)
            return false;
        TwsLog.Control(_logger, string.Create(CultureInfo.InvariantCulture, $"dropping client {clientId}"));
        session.Abort();
        return true;
    }

    /// <summary>
    /// Stops listening: new connections are refused (nothing listens on the port), as when TWS is down. Existing
    /// connections stay; drop them with <see cref="DropAllConnections"/>.
    /// </summary>
    public void PauseAccepting()
    {
        lock (_gate)
        {
            if (!_started || _stopped || _listener is null)
                return;
            _listener.Stop();
            _listener = null;
        }

        TwsLog.Control(_logger, "not accepting connections");
    }

    /// <summary>Listens again on the same endpoint, as when TWS is back.</summary>
    public void ResumeAccepting()
    {
        lock (_gate)
        {
            if (!_started || _stopped || _listener is not null)
                return;
            StartListening_NeedsLock(_endPoint!);
        }

        TwsLog.Control(_logger, "accepting connections again");
    }

    /// <summary>Sends 1100 (connectivity between IB and TWS lost) to every client; clients connecting meanwhile get it too.</summary>
    public void SendConnectivityLost()
    {
        _connectivityLost = true;
        TwsLog.Control(_logger, "1100 connectivity lost");
        foreach (var session in StartedSessions())
            session.SendError(-1, ConnectivityLostCode, "Connectivity between IB and Trader Workstation has been lost.");
    }

    /// <summary>Sends 1101 (restored, market data lost: resubscribe) or 1102 (restored, data kept) to every client.</summary>
    public void SendConnectivityRestored(bool dataLost)
    {
        _connectivityLost = false;
        var code = dataLost ? RestoredDataLostCode : RestoredDataKeptCode;
        var text = dataLost
            ? "Connectivity between IB and Trader Workstation has been restored - data lost."
            : "Connectivity between IB and Trader Workstation has been restored - data maintained.";
        TwsLog.Control(_logger, string.Create(CultureInfo.InvariantCulture, $"{code} connectivity restored"));
        foreach (var session in StartedSessions())
            session.SendError(-1, code, text);
    }

    /// <summary>Stalls (or resumes) market data: prices move and orders fill, but no tick is sent.</summary>
    public void StallMarketData(bool stalled) => Exchange.StallQuotes(stalled);

    /// <summary>Moves a symbol's price at once by <paramref name="percent"/>; stops gap through.</summary>
    public void GapPrice(string symbol, decimal percent) => Exchange.GapPrice(symbol, percent);

    /// <summary>Makes the next order placed (by any client) fail with this code and reason.</summary>
    public void RejectNextOrder(int code, string reason) => Exchange.RejectNext(code, reason);

    /// <summary>Adds a position nobody ordered, as if the account traded elsewhere.</summary>
    public void InjectPosition(string symbol, decimal quantity, decimal price) => Exchange.InjectPosition(symbol, quantity, price);

    /// <summary>
    /// Fills part of a client's working order now (execDetails, orderStatus with the new filled quantity,
    /// commissionReport). Throws <see cref="ArgumentException"/> for an unknown or non-working order.
    /// </summary>
    public PaperExecution FillPartially(int clientId, int orderId, decimal quantity, decimal? price = null)
    {
        var link = Book.Find(clientId, orderId)
            ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Client {clientId} has no order {orderId}."), nameof(orderId));
        return Exchange.FillPartially(link.ExchangeId, quantity, price);
    }

    /// <summary>
    /// Places an order as another API client (or, with client id 0, as a person in TWS), not through any
    /// connection. Returns its TWS order id (negative for a manual order).
    /// </summary>
    public int PlaceExternalOrder(
        string symbol,
        OrderSide side,
        decimal quantity,
        OrderType type = OrderType.Market,
        decimal? limitPrice = null,
        decimal? stopPrice = null,
        int clientId = PaperExchange.DefaultExternalClientId,
        string orderRef = "")
    {
        long exchangeId;
        lock (PlacementLock)
            exchangeId = Exchange.PlaceExternalOrder(symbol, side, quantity, type, limitPrice, stopPrice, clientId, orderRef);
        Book.MarkUsed(exchangeId);
        if (Exchange.TryGetOrder(exchangeId, out var order))
            return Book.LinkOf(order!).TwsOrderId;
        throw new InvalidOperationException($"The exchange lost external order {exchangeId}.");
    }
}
