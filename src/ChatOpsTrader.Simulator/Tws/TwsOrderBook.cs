using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>
/// How an exchange order is known on the wire. TWS order ids belong to a client (each client id has its own id
/// space); the exchange has one. <see cref="TwsOrderId"/> is the id the placing client chose; <see cref="Original"/>
/// is what it sent (echoed in openOrder), null for orders placed around the API (external or manual).
/// </summary>
internal sealed record TwsOrderLink(long ExchangeId, int ClientId, int TwsOrderId, TwsOrder? Original)
{
    /// <summary>A person's order in TWS (client 0, not through the API).</summary>
    public bool IsManual => Original is null && ClientId == 0;
}

/// <summary>
/// The simulator's map between (client id, TWS order id) and exchange order ids. An order keeps the id its client
/// chose at the exchange too when that id is free there, so the ids survive a restart of the simulator over a
/// persisted exchange. Thread-safe.
/// </summary>
internal sealed class TwsOrderBook
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, TwsOrderLink> _byExchange = [];
    private readonly Dictionary<(int ClientId, int OrderId), TwsOrderLink> _byClient = [];
    private readonly Dictionary<int, int> _highestIdByClient = [];
    private readonly HashSet<long> _usedExchangeIds = [];
    private readonly long _identityFloor;

    /// <param name="identityFloor">Exchange ids below this may have been used before this run: never reused.</param>
    public TwsOrderBook(long identityFloor) => _identityFloor = identityFloor;

    /// <summary>The link of an exchange order, registering one (the order's own id) for an order placed around the API.</summary>
    public TwsOrderLink LinkOf(PaperOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_lock)
        {
            if (_byExchange.TryGetValue(order.OrderId, out var link))
                return link;

            // Manual TWS orders get negative ids, so they never collide with an API client's positive ids.
            var id = order.OrderId is > 0 and <= int.MaxValue ? (int)order.OrderId : 0;
            var twsId = order.ClientId == 0 ? -id : id;
            link = new TwsOrderLink(order.OrderId, order.ClientId, twsId, null);
            _byExchange[order.OrderId] = link;
            _usedExchangeIds.Add(order.OrderId);
            if (id != 0)
            {
                _byClient.TryAdd((order.ClientId, twsId), link);
                Raise_NeedsLock(order.ClientId, twsId);
            }

            return link;
        }
    }

    /// <summary>The link of an exchange order id, if known.</summary>
    public TwsOrderLink? Find(long exchangeId)
    {
        lock (_lock)
            return _byExchange.GetValueOrDefault(exchangeId);
    }

    /// <summary>A client's order by the id it chose.</summary>
    public TwsOrderLink? Find(int clientId, int orderId)
    {
        lock (_lock)
            return _byClient.GetValueOrDefault((clientId, orderId));
    }

    /// <summary>The highest order id a client has used in this run (0 if none).</summary>
    public int HighestId(int clientId)
    {
        lock (_lock)
            return _highestIdByClient.GetValueOrDefault(clientId);
    }

    /// <summary>Records that a client used an id (placed or staged), so a later id must be higher.</summary>
    public void Use(int clientId, int orderId)
    {
        lock (_lock)
            Raise_NeedsLock(clientId, orderId);
    }

    /// <summary>
    /// Links a client's new order to an exchange id: its own id when free at the exchange, otherwise one from
    /// <paramref name="freshExchangeId"/>. Call with the caller's placement lock held, then place the order.
    /// </summary>
    public TwsOrderLink Link(int clientId, int orderId, TwsOrder original, Func<long, bool> freeAtExchange, Func<long> freshExchangeId)
    {
        ArgumentNullException.ThrowIfNull(original);
        lock (_lock)
        {
            if (_byClient.ContainsKey((clientId, orderId)))
                throw new InvalidOperationException($"Client {clientId} already has order {orderId}.");
        }

        // The exchange is asked outside our lock (its events call back into LinkOf).
        long exchangeId = orderId;
        bool identity;
        lock (_lock)
            identity = orderId >= _identityFloor && !_usedExchangeIds.Contains(orderId);
        if (!identity || !freeAtExchange(orderId))
            exchangeId = freshExchangeId();

        lock (_lock)
        {
            var link = new TwsOrderLink(exchangeId, clientId, orderId, original);
            _byExchange[exchangeId] = link;
            _byClient[(clientId, orderId)] = link;
            _usedExchangeIds.Add(exchangeId);
            Raise_NeedsLock(clientId, orderId);
            return link;
        }
    }

    /// <summary>Marks an exchange id as used (handed out by the exchange), so it is never taken as a client's own id.</summary>
    public void MarkUsed(long exchangeId)
    {
        lock (_lock)
            _usedExchangeIds.Add(exchangeId);
    }

    private void Raise_NeedsLock(int clientId, int orderId)
    {
        if (orderId > _highestIdByClient.GetValueOrDefault(clientId))
            _highestIdByClient[clientId] = orderId;
    }
}
