using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tws.Client;
using ChatOpsTrader.Tws.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tws.Broker;

/// <summary>
/// The core's broker port over our TWS client ("tws host:port"). It owns a <see cref="TwsClient"/> and a
/// <see cref="TwsConnectionSupervisor"/>: reconnect with backoff, and after every (re)connect a resync (positions,
/// every client's open orders via reqAllOpenOrders, executions since the last seen) before
/// <see cref="ConnectionChanged"/>(true) tells the engine to reconcile. <see cref="IsConnected"/> is false while the
/// socket is down, while resyncing, and while TWS has lost IB (1100 until 1101/1102): the engine refuses entries.
/// </summary>
/// <remarks>
/// <para>Events: openOrder/orderStatus of every client ⇒ <see cref="OrderUpdated"/> (the watchdog sees the account);
/// fills ⇒ <see cref="ExecutionReceived"/> (with commission when its report came within
/// <see cref="TwsOptions.CommissionWait"/>); order errors that end an order (201, 103, 110, 200, 321, 434, 435…) ⇒
/// <see cref="OrderRejected"/> in plain language; 202 (cancel confirmed) is not an event (orderStatus Cancelled is);
/// 1100/2110 ⇒ ConnectionChanged(false, code), 1101/1102 ⇒ resync then ConnectionChanged(true, code); farm codes
/// 2103–2158, warnings (399, 404, 10147, 10148…) and market data messages ⇒ <see cref="BrokerNotice"/>; ticks ⇒
/// <see cref="QuoteReceived"/>. Events go through one queue and one pump, like the paper port.</para>
/// <para>Ids: see <see cref="TwsOrderIds"/>. Cancelling a foreign order: TWS lets a client cancel only its own orders
/// with cancelOrder, so <see cref="CancelOrderAsync"/> of a foreign id sends reqGlobalCancel instead (the engine cancels
/// foreign orders only while halted, where cancelling everything is the intent).</para>
/// </remarks>
public sealed class TwsBrokerPort : IBrokerPort, IAsyncDisposable, ITwsClientListener, ITwsSupervisorListener
{
    private readonly TwsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TwsClient _client;
    private readonly TwsConnectionSupervisor _supervisor;
    private readonly Lock _gate = new();
    private readonly Lock _placing = new();
    private readonly Lock _connectivity = new();
    private readonly Dictionary<long, TrackedOrder> _orders = [];
    private readonly Dictionary<(int ClientId, int OrderId), long> _idsByClientOrder = [];
    private readonly Dictionary<long, OrderStatusMessage> _statusBeforeOpenOrder = [];
    private readonly ConcurrentDictionary<int, string> _ourRefs = new();
    private readonly ConcurrentDictionary<string, byte> _quoteSymbols = new(StringComparer.Ordinal);
    private ITimer? _poll;
    private readonly OneAtATime _orderPolls = new();
    private ITimer? _accountPoll;
    private ITimer? _ping;
    private readonly OneAtATime _pings = new();
    private readonly OneAtATime _accountPolls = new();
    private (decimal Net, decimal Excess, decimal Maintenance)? _lastAccountValues;
    private Channel<BrokerEvent>? _events;
    private Task? _pump;
    private volatile bool _sessionUp;
    private volatile bool _ibLost;
    private volatile bool _started;
    private volatile bool _stopping;

    /// <summary>Creates the adapter; <see cref="StartAsync"/> connects.</summary>
    /// <param name="options">The <c>Tws</c> section (validated here).</param>
    /// <param name="timeProvider">Clock of timeouts, backoff, pacing and event times.</param>
    /// <param name="loggerFactory">Loggers, or null.</param>
    public TwsBrokerPort(TwsOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _time = timeProvider;
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger<TwsBrokerPort>();
        _client = new TwsClient(options, timeProvider, factory.CreateLogger<TwsClient>());
        _client.SetListener(this);
        _supervisor = new TwsConnectionSupervisor(_client, timeProvider, this, factory.CreateLogger<TwsConnectionSupervisor>());
    }

    /// <inheritdoc/>
    public string Name => $"tws {_options.Endpoint}";

    /// <summary>True while the session is up and resynced and TWS is connected to IB (no 1100 outstanding).</summary>
    public bool IsConnected => _sessionUp && !_ibLost && _client.IsConnected;

    /// <summary>
    /// The connection doctor's latest verdict: <see cref="TwsDiagnosisCodes.Ok"/> when connected, else the failing
    /// checklist step with a plain-language text and a short code (null before the first attempt ended).
    /// </summary>
    public TwsDiagnosis? Diagnosis => _supervisor.Diagnosis;

    /// <summary>The client underneath (diagnostics, tests, account values and P&amp;L).</summary>
    public TwsClient Client => _client;

    /// <summary>Successful (re)connections so far.</summary>
    public int ConnectCount => _supervisor.ConnectCount;

    /// <summary>
    /// Starts the event pump and the supervisor, and waits for the first attempt to end (connected and resynced, or
    /// failed and diagnosed: then retries continue in the background and <see cref="IsConnected"/> stays false).
    /// </summary>
    public async Task StartAsync(IBrokerEventSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
        {
            if (_started)
                throw new InvalidOperationException("The TWS broker is already started.");
            _started = true;
            var events = Channel.CreateUnbounded<BrokerEvent>(new UnboundedChannelOptions { SingleReader = true });
            _events = events;
            _pump = Task.Run(() => PumpAsync(events.Reader, sink), CancellationToken.None);
        }

        _supervisor.Start();
        if (_options.OpenOrdersPollInterval > TimeSpan.Zero)
            _poll = _time.CreateTimer(_ => PollOpenOrders(), null, _options.OpenOrdersPollInterval, _options.OpenOrdersPollInterval);
        if (_options.AccountValuesInterval > TimeSpan.Zero)
            _accountPoll = _time.CreateTimer(_ => PollAccountValues(), null, TimeSpan.FromSeconds(1), _options.AccountValuesInterval);
        if (_options.PingInterval > TimeSpan.Zero)
            _ping = _time.CreateTimer(_ => Ping(), null, _options.PingInterval, _options.PingInterval);
        await _supervisor.FirstAttempt.WaitAsync(cancellationToken);
    }

    /// <summary>Stops reconnecting, disconnects (server-side orders keep working) and delivers what is queued.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true; // an orderly stop is not a lost connection: no ConnectionChanged(false) for it
        if (_poll is not null)
            await _poll.DisposeAsync();
        if (_accountPoll is not null)
            await _accountPoll.DisposeAsync();
        if (_ping is not null)
            await _ping.DisposeAsync();
        await _supervisor.StopAsync();
        _sessionUp = false;
        Task? pump;
        lock (_gate)
        {
            _events?.Writer.TryComplete();
            pump = _pump;
            _pump = null;
        }

        if (pump is not null)
            await pump.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Places the order (a bracket as parent + take-profit + stop-loss) and returns the parent's id once every message
    /// is on the wire. Throws <see cref="ArgumentException"/> for a bad request and <see cref="TwsNotConnectedException"/>
    /// when no session is up (nothing sent).
    /// </summary>
    public async ValueTask<long> PlaceOrderAsync(BrokerOrderRequest request, CancellationToken cancellationToken)
    {
        TwsOrderMapper.Validate(request);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureSession();
        Task sent;
        int parentId;
        lock (_placing)
        {
            // Ids are taken and queued under one lock: TWS rejects an id lower than one it already saw (103).
            var count = request.Bracket is null ? 1 : 3;
            var ids = new int[count];
            for (var i = 0; i < count; i++)
                ids[i] = _client.NextOrderId();
            var orders = TwsOrderMapper.ToPlaceOrders(request, ids, _client.StockContract(request.Symbol.Trim().ToUpperInvariant()), _client.Account, _options.TimeInForce);
            foreach (var order in orders)
                _ourRefs[order.OrderId] = order.Order.OrderRef;
            parentId = ids[0];
            sent = _client.PlaceOrdersAsync(orders);
        }

        await sent.WaitAsync(cancellationToken);
        return parentId;
    }

    /// <summary>
    /// cancelOrder for one of our orders (priority lane). For another client's order (or a manual TWS order), which
    /// TWS does not let us cancel one by one, a reqGlobalCancel is sent instead: it cancels every open order of the
    /// account. The engine cancels foreign orders only while halted, where that is the intent.
    /// </summary>
    public async ValueTask CancelOrderAsync(long brokerOrderId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureSession();
        if (TwsOrderIds.IsOurs(brokerOrderId))
        {
            await _client.CancelOrderAsync(TwsOrderIds.ToTwsOrderId(brokerOrderId)).WaitAsync(cancellationToken);
            return;
        }

        TwsBrokerLog.ForeignCancelAsGlobal(_logger, brokerOrderId);
        await _client.GlobalCancelAsync().WaitAsync(cancellationToken);
    }

    /// <summary>reqGlobalCancel on the priority lane.</summary>
    public async ValueTask CancelAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureSession();
        await _client.GlobalCancelAsync().WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Fresh from TWS, asked together: positions (reqPositions), every client's working orders (reqAllOpenOrders),
    /// this session's executions (reqExecutions) and NetLiquidation (reqAccountSummary; null if TWS does not answer).
    /// </summary>
    /// <remarks>
    /// Positions and executions are two requests, and fills go on between them. So: positions, then executions and
    /// orders, then positions again, until the two position answers agree (at most <see cref="SnapshotAttempts"/>
    /// times): then every fill the positions show is among the executions, and none the executions lack is in the
    /// positions. Without this a fill between the answers reads as a position difference (or an unknown position).
    /// </remarks>
    public async ValueTask<BrokerAccountSnapshot> GetAccountSnapshotAsync(CancellationToken cancellationToken)
    {
        EnsureSession();
        var account = _client.Account;
        var valuesTask = _client.GetAccountValuesAsync(cancellationToken);
        var positions = Held(await _client.GetPositionsAsync(cancellationToken), account);
        IReadOnlyList<TwsOpenOrder> openOrders;
        IReadOnlyList<TwsExecutionReport> executions;
        for (var attempt = 1; ; attempt++)
        {
            var ordersTask = _client.GetOpenOrdersAsync(cancellationToken);
            executions = await _client.GetExecutionsAsync(new TwsExecutionFilter { AcctCode = account }, cancellationToken);
            openOrders = await ordersTask;
            var after = Held(await _client.GetPositionsAsync(cancellationToken), account);
            var settled = after.Count == positions.Count && after.All(p => positions.Any(q => q.Symbol == p.Symbol && q.Quantity == p.Quantity));
            positions = after;
            if (settled || attempt >= SnapshotAttempts)
                break;
        }

        decimal? netLiquidation;
        try
        {
            netLiquidation = (await valuesTask).NetLiquidation;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            TwsBrokerLog.AccountValuesFailed(_logger, ex.Message);
            netLiquidation = null;
        }

        var now = _time.GetUtcNow();
        var orders = new List<BrokerOrder>();
        foreach (var open in openOrders)
        {
            var order = Track(open.Order, open.Status);
            if (order.Status.IsWorking())
                orders.Add(order);
        }

        var fills = executions.Select(r => ToFill(r, now)).ToList();
        return new BrokerAccountSnapshot(now, positions, orders, fills, netLiquidation);
    }

    /// <summary>Position answers asked for in one <see cref="GetAccountSnapshotAsync"/> before giving up on them agreeing.</summary>
    public const int SnapshotAttempts = 4;

    private static List<BrokerPosition> Held(IReadOnlyList<PositionMessage> positions, string account) =>
        [.. positions
            .Where(p => p.Position != 0 && (account.Length == 0 || string.Equals(p.Account, account, StringComparison.OrdinalIgnoreCase)))
            .Select(p => new BrokerPosition(p.Contract.Symbol, p.Position, p.AvgCost ?? 0m))];

    /// <summary>reqMktData for each new symbol (now if connected, else at the next connect); quotes arrive as events.</summary>
    public async ValueTask SubscribeQuotesAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        foreach (var raw in symbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var symbol = raw.Trim().ToUpperInvariant();
            if (symbol.Length == 0 || !_quoteSymbols.TryAdd(symbol, 0))
                continue;
            try
            {
                await _client.SubscribeMarketDataAsync(symbol);
            }
            catch (TwsNotConnectedException)
            {
                // Sent at the next connect (the client keeps the line).
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _supervisor.DisposeAsync();
        await _client.DisposeAsync();
    }

    /// <summary>Resync after a (re)connect: positions, open orders (each ⇒ OrderUpdated), executions since the last seen (each ⇒ ExecutionReceived), then ConnectionChanged(true).</summary>
    /// <remarks>
    /// A TWS that has lost IB repeats 1100 to a client connecting meanwhile: then the session is up but the broker stays
    /// down (no ConnectionChanged(true)) until 1101/1102. <see cref="_connectivity"/> keeps the 1100 flag and the events
    /// in one order, so the engine never ends up believing the broker is up while TWS has no IB.
    /// </remarks>
    async Task ITwsSupervisorListener.OnConnectedAsync(CancellationToken cancellationToken)
    {
        await ResyncAsync(cancellationToken);
        if (_client.Account.Length > 0)
            await _client.SubscribePnLAsync();
        lock (_connectivity)
        {
            _sessionUp = true;
            if (_ibLost)
                return;
            Publish(new ConnectionChanged(_time.GetUtcNow(), true,
                $"connected to TWS at {_options.Endpoint} as client {_options.ClientId} (accounts {string.Join(", ", _client.ManagedAccounts)}); resynced"));
        }
    }

    /// <inheritdoc/>
    void ITwsSupervisorListener.OnConnectFailed(TwsDiagnosis diagnosis, bool changed)
    {
        if (changed)
            Publish(new ConnectionChanged(_time.GetUtcNow(), false, diagnosis.ToString(), diagnosis.Code == TwsDiagnosisCodes.ClientIdInUse ? TwsErrorCodes.ClientIdInUse : 502));
    }

    /// <inheritdoc/>
    void ITwsClientListener.OnOpenOrder(OpenOrderMessage message)
    {
        var order = Track(message, null);
        Publish(new OrderUpdated(_time.GetUtcNow(), order));
    }

    /// <inheritdoc/>
    void ITwsClientListener.OnOrderStatus(OrderStatusMessage message)
    {
        BrokerOrder? updated = null;
        lock (_gate)
        {
            var id = _idsByClientOrder.GetValueOrDefault((message.ClientId, message.OrderId));
            if (id == 0)
                id = TwsOrderIds.ToBrokerOrderId(_options.ClientId, message.ClientId, message.OrderId, message.PermId);
            if (_orders.TryGetValue(id, out var tracked))
            {
                var next = tracked.Apply(message);
                if (next.Order != tracked.Order)
                {
                    _orders[id] = next;
                    updated = next.Order;
                }
            }
            else if (_statusBeforeOpenOrder.Count < 10_000)
            {
                _statusBeforeOpenOrder[id] = message; // applied when its openOrder arrives
            }
        }

        // An orderStatus before its openOrder cannot be shown (no symbol yet); the openOrder follows.
        if (updated is not null)
            Publish(new OrderUpdated(_time.GetUtcNow(), updated));
    }

    /// <inheritdoc/>
    void ITwsClientListener.OnExecution(TwsExecutionReport report) => Publish(new ExecutionReceived(_time.GetUtcNow(), ToFill(report, _time.GetUtcNow())));

    /// <inheritdoc/>
    void ITwsClientListener.OnError(ErrorMessage error)
    {
        var now = _time.GetUtcNow();
        var text = TwsErrorCodes.Describe(error.Code, error.Message);
        switch (TwsErrorCodes.Classify(error.Code))
        {
            case TwsErrorKind.CancelConfirmed:
                return; // orderStatus Cancelled carries it
            case TwsErrorKind.OrderRejected when error.Id is > 0 and < TwsClient.RequestIdBase:
                Publish(new OrderRejected(now, error.Id, _ourRefs.GetValueOrDefault(error.Id, string.Empty), error.Code, text));
                return;
            case TwsErrorKind.ConnectivityLost:
                lock (_connectivity)
                {
                    _ibLost = true;
                    Publish(new ConnectionChanged(now, false, text, error.Code));
                }

                return;
            case TwsErrorKind.ConnectivityRestoredDataLost:
            case TwsErrorKind.ConnectivityRestoredDataKept:
                _ = RestoreAsync(error.Code, text);
                return;
            default:
                Publish(new BrokerNotice(now, error.Code, error.Id > 0 && error.Id < TwsClient.RequestIdBase ? $"{text} (order {error.Id})" : text));
                return;
        }
    }

    /// <inheritdoc/>
    void ITwsClientListener.OnQuote(TwsQuote quote)
    {
        var now = _time.GetUtcNow();
        Publish(new QuoteReceived(now, new Quote(quote.Symbol, quote.Bid, quote.Ask, quote.Last, now)));
    }

    /// <inheritdoc/>
    void ITwsClientListener.OnConnectionLost(string reason)
    {
        lock (_connectivity)
        {
            var wasUp = _sessionUp;
            _sessionUp = false;
            _ibLost = false; // the next connection's IB state is told afresh (TWS repeats 1100 while it has no IB)
            if (wasUp && !_stopping)
                Publish(new ConnectionChanged(_time.GetUtcNow(), false, $"TWS connection lost: {reason}; reconnecting"));
        }
    }

    /// <summary>The liveness ping: a TWS that does not answer reqCurrentTime in time is dropped and reconnected.</summary>
    private void Ping()
    {
        if (_sessionUp)
            _pings.Run(PingOnceAsync);
    }

    private async Task PingOnceAsync()
    {
        try
        {
            await _client.PingAsync(CancellationToken.None);
        }
        catch (TimeoutException ex)
        {
            TwsBrokerLog.PingUnanswered(_logger, _options.RequestTimeout.TotalSeconds);
            _client.Connection?.Close($"no answer to a ping: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // The connection went away meanwhile: the supervisor already knows.
        }
    }

    /// <summary>
    /// Account values for the margin watch: one reqAccountSummary, published as <see cref="AccountValuesReceived"/> when
    /// all three values came and any changed.
    /// </summary>
    private void PollAccountValues()
    {
        if (IsConnected)
            _accountPolls.Run(PollAccountValuesOnceAsync);
    }

    private async Task PollAccountValuesOnceAsync()
    {
        try
        {
            var values = await _client.GetAccountValuesAsync(CancellationToken.None);
            if (values is { NetLiquidation: { } net, ExcessLiquidity: { } excess, MaintenanceMargin: { } maintenance }
                && (net, excess, maintenance) != _lastAccountValues)
            {
                _lastAccountValues = (net, excess, maintenance);
                Publish(new AccountValuesReceived(_time.GetUtcNow(), net, excess, maintenance));
            }
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            TwsBrokerLog.PollFailed(_logger, ex.Message);
        }
    }

    /// <summary>The watchdog's poll: every client's open orders, each published by <see cref="ITwsClientListener.OnOpenOrder"/>.</summary>
    private void PollOpenOrders()
    {
        if (IsConnected)
            _orderPolls.Run(PollOpenOrdersOnceAsync);
    }

    private async Task PollOpenOrdersOnceAsync()
    {
        try
        {
            await _client.GetOpenOrdersAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            TwsBrokerLog.PollFailed(_logger, ex.Message);
        }
    }

    private async Task RestoreAsync(int code, string text)
    {
        // TWS is back with IB: what happened meanwhile is fetched again before entries are allowed.
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout * 2, _time);
            await ResyncAsync(timeout.Token);
            lock (_connectivity)
            {
                _ibLost = false;
                Publish(new ConnectionChanged(_time.GetUtcNow(), true, text, code));
            }
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            TwsBrokerLog.RestoreResyncFailed(_logger, code, ex.Message);
            _client.Connection?.Close($"resync after {code} failed: {ex.Message}");
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var positions = _client.GetPositionsAsync(cancellationToken);
        var orders = _client.GetOpenOrdersAsync(cancellationToken); // each openOrder is also published as OrderUpdated
        var executions = _client.GetExecutionsSinceLastSeenAsync(cancellationToken);
        await Task.WhenAll(positions, orders, executions);
        var now = _time.GetUtcNow();
        var reports = await executions;
        foreach (var report in reports)
            Publish(new ExecutionReceived(now, ToFill(report, now)));
        TwsBrokerLog.Resynced(_logger, (long)_time.GetElapsedTime(started).TotalMilliseconds, (await positions).Count, (await orders).Count, reports.Count);
    }

    private Core.Portfolio.Fill ToFill(TwsExecutionReport report, DateTimeOffset received)
    {
        var e = report.Details.Execution;
        var id = TwsOrderIds.ToBrokerOrderId(_options.ClientId, e.ClientId, report.Details.OrderId, e.PermId);
        return TwsOrderMapper.ToFill(id, report.Details, report.Commission?.Commission, received);
    }

    private BrokerOrder Track(OpenOrderMessage message, OrderStatusMessage? status)
    {
        lock (_gate)
        {
            var id = TwsOrderIds.ToBrokerOrderId(_options.ClientId, message.ClientId, message.OrderId, message.PermId);
            if (message.OrderId != 0)
                _idsByClientOrder[(message.ClientId, message.OrderId)] = id;
            long? parent = message.Order.ParentId == 0 ? null
                : _idsByClientOrder.TryGetValue((message.ClientId, message.Order.ParentId), out var p) ? p
                : message.ClientId == _options.ClientId ? message.Order.ParentId : null;
            var tracked = _orders.TryGetValue(id, out var known)
                ? known.With(message, parent)
                : TrackedOrder.From(id, parent, message);
            if (_statusBeforeOpenOrder.Remove(id, out var early))
                tracked = tracked.Apply(early);
            if (status is not null)
                tracked = tracked.Apply(status);
            _orders[id] = tracked;
            return tracked.Order;
        }
    }

    private void EnsureSession()
    {
        if (!_client.IsConnected)
            throw new TwsNotConnectedException($"Not connected to TWS at {_options.Endpoint}: {Diagnosis?.Text ?? "not started"}");
    }

    private void Publish(BrokerEvent brokerEvent) => Volatile.Read(ref _events)?.Writer.TryWrite(brokerEvent);

    private async Task PumpAsync(ChannelReader<BrokerEvent> reader, IBrokerEventSink sink)
    {
        await foreach (var brokerEvent in reader.ReadAllAsync())
        {
            try
            {
                sink.OnBrokerEvent(brokerEvent);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                TwsBrokerLog.SinkFailed(_logger, brokerEvent.GetType().Name, ex);
            }
        }
    }

    /// <summary>An order as we last saw it: the openOrder's details plus orderStatus progress.</summary>
    private sealed record TrackedOrder(OpenOrderMessage Open, BrokerOrder Order)
    {
        public static TrackedOrder From(long id, long? parent, OpenOrderMessage open) =>
            new(open, TwsOrderMapper.ToBrokerOrder(id, parent, open, 0m, 0m));

        public TrackedOrder With(OpenOrderMessage open, long? parent)
        {
            // openOrder's status is authoritative when it is terminal or newer; fill progress comes from orderStatus.
            var next = TwsOrderMapper.ToBrokerOrder(Order.BrokerOrderId, parent ?? Order.ParentId, open, Order.Filled, Order.AverageFillPrice);
            return new TrackedOrder(open, next);
        }

        public TrackedOrder Apply(OrderStatusMessage status)
        {
            var next = TwsOrderMapper.ToBrokerOrder(Order.BrokerOrderId, Order.ParentId, Open, status.Filled, status.AvgFillPrice ?? 0m, status.Status);
            return this with { Order = next };
        }
    }
}
