using ChatOpsTrader.Tws.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tws.Client;

/// <summary>
/// The public TWS client: one <see cref="TwsConnection"/> at a time (the supervisor reconnects), order ids from
/// nextValidId, and request/response correlation with timeouts (ping, positions, open orders, executions, account
/// values, market data). Unsolicited traffic goes to the <see cref="ITwsClientListener"/>. Thread-safe.
/// </summary>
/// <remarks>
/// Request ids (reqExecutions, reqAccountSummary, reqMktData, reqPnL) start at <see cref="RequestIdBase"/> so that an
/// <c>error</c>'s id can be told apart from an order id (ours come from nextValidId and stay far below it).
/// </remarks>
public sealed partial class TwsClient : ITwsMessageHandler, IAsyncDisposable
{
    /// <summary>The first request id; error ids at or above it are request ids, below it order ids.</summary>
    public const int RequestIdBase = 1_000_000_000;

    private const int CommissionCacheSize = 4096;

    private readonly TwsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TwsPacer _pacer;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _positionsTurn = new(1, 1);
    private readonly SemaphoreSlim _openOrdersTurn = new(1, 1);
    private readonly Dictionary<int, ExecutionsCollector> _executions = [];
    private readonly Dictionary<int, AccountSummaryCollector> _summaries = [];
    private readonly Queue<TaskCompletionSource<DateTimeOffset>> _pings = new();
    private readonly Dictionary<string, CommissionReportMessage> _commissions = new(StringComparer.Ordinal);
    private readonly Queue<string> _commissionOrder = new();
    private readonly Dictionary<string, PendingFill> _awaitingCommission = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MarketDataLine> _linesBySymbol = new(StringComparer.Ordinal);
    private readonly Dictionary<int, MarketDataLine> _linesByReqId = [];
    private ITwsClientListener? _listener;
    private TwsConnection? _connection;
    private PositionsCollector? _positions;
    private OpenOrdersCollector? _openOrders;
    private TaskCompletionSource<int>? _idsRequest;
    private int _nextOrderId;
    private int _nextRequestId = RequestIdBase;
    private int? _pnlReqId;
    private DateTimeOffset? _lastExecutionSeen;
    private bool _disposed;

    /// <summary>Creates a client; nothing happens until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">Connection settings (validated here).</param>
    /// <param name="timeProvider">Clock of every timeout, pacing and commission wait.</param>
    /// <param name="logger">Logger, or null.</param>
    public TwsClient(TwsOptions options, TimeProvider timeProvider, ILogger<TwsClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _pacer = new TwsPacer(timeProvider, options.PacingNormalPerSecond, options.PacingTotalPerSecond);
    }

    /// <summary>The settings in use.</summary>
    public TwsOptions Options => _options;

    /// <summary>True while a connection is up and ready.</summary>
    public bool IsConnected => Volatile.Read(ref _connection) is { IsOpen: true };

    /// <summary>The negotiated server version of the current connection (0 when none).</summary>
    public int ServerVersion => Volatile.Read(ref _connection)?.ServerVersion ?? 0;

    /// <summary>The accounts of the current login (empty when not connected).</summary>
    public IReadOnlyList<string> ManagedAccounts => Volatile.Read(ref _connection)?.ManagedAccounts ?? [];

    /// <summary>The account orders and account requests use: the configured one, else the login's only account.</summary>
    public string Account => _options.Account.Length > 0 ? _options.Account : ManagedAccounts is [var only] ? only : string.Empty;

    /// <summary>The next order id this client will use.</summary>
    public int PeekNextOrderId()
    {
        lock (_gate)
            return _nextOrderId;
    }

    /// <summary>The latest pnl message of the reqPnL subscription, if any.</summary>
    public PnLMessage? LatestPnL { get; private set; }

    /// <summary>When we last received an execution (our clock), if ever.</summary>
    public DateTimeOffset? LastExecutionSeen
    {
        get
        {
            lock (_gate)
                return _lastExecutionSeen;
        }
    }

    /// <summary>The current connection, if any.</summary>
    public TwsConnection? Connection => Volatile.Read(ref _connection);

    /// <summary>The pacer shared by every connection of this client (for diagnostics and tests).</summary>
    public TwsPacer Pacer => _pacer;

    /// <summary>Sets who receives unsolicited traffic. Set it before connecting.</summary>
    public void SetListener(ITwsClientListener? listener) => Volatile.Write(ref _listener, listener);

    /// <summary>
    /// Connects (a previous connection must be gone), then: the configured account must be managed by the login;
    /// reqMarketDataType and the market data lines of earlier subscriptions are (re)sent. Throws
    /// <see cref="TwsConnectException"/> naming the failing step.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _connection) is { IsOpen: true })
            throw new InvalidOperationException("Already connected to TWS.");
        var connection = await TwsConnection.ConnectAsync(_options, _pacer, _time, this, cancellationToken);
        if (_options.Account.Length > 0 && !connection.ManagedAccounts.Contains(_options.Account, StringComparer.OrdinalIgnoreCase))
        {
            var accounts = connection.ManagedAccounts;
            await connection.DisposeAsync();
            throw new TwsConnectException(TwsConnectFailure.AccountNotManaged,
                $"the login manages {string.Join(", ", accounts)}, not {_options.Account}") { ManagedAccounts = accounts };
        }

        lock (_gate)
        {
            _nextOrderId = Math.Max(_nextOrderId, connection.InitialNextValidId);
            _connection = connection;
        }

        _ = connection.Closed.ContinueWith(t => OnClosed(connection, t.Result), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Log.Connected(_logger, _options.Endpoint, connection.ServerVersion, string.Join(",", connection.ManagedAccounts), connection.InitialNextValidId);
        await SendAsync(new ReqMarketDataTypeRequest(_options.MarketDataType));
        await ResubscribeMarketDataAsync();
    }

    /// <summary>Closes the current connection, if any (server-side orders keep working).</summary>
    public async Task DisconnectAsync()
    {
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is not null)
        {
            connection.Close("disconnected by us");
            await connection.DisposeAsync();
        }
    }

    /// <summary>Completes with the reason when the current connection is lost; throws when there is none.</summary>
    public Task<string> WhenDisconnected() =>
        Volatile.Read(ref _connection)?.Closed ?? throw new TwsNotConnectedException("Not connected to TWS.");

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DisconnectAsync();
        lock (_gate)
        {
            foreach (var pending in _awaitingCommission.Values)
                pending.Timer.Dispose();
            _awaitingCommission.Clear();
        }

        _positionsTurn.Dispose();
        _openOrdersTurn.Dispose();
    }

    /// <summary>Hands one request to the current connection's send loop; completes when it is on the wire.</summary>
    public Task SendAsync(TwsRequest request, TwsLane lane = TwsLane.Normal)
    {
        var connection = Volatile.Read(ref _connection);
        return connection is { IsOpen: true }
            ? connection.SendAsync(request, lane)
            : Task.FromException(new TwsNotConnectedException("Not connected to TWS."));
    }

    /// <inheritdoc/>
    void ITwsMessageHandler.OnMessage(in TwsDecodedMessage message)
    {
        if (message.TryGetTickPrice(out var price))
        {
            OnTickPrice(price);
            return;
        }

        if (message.IsTick)
            return; // sizes do not change a quote
        switch (message.Message)
        {
            case NextValidIdMessage m: OnNextValidId(m); break;
            case CurrentTimeMessage m: OnCurrentTime(m); break;
            case PositionMessage m: OnPosition(m); break;
            case PositionEndMessage: OnPositionEnd(); break;
            case OpenOrderMessage m: OnOpenOrder(m); break;
            case OrderStatusMessage m: OnOrderStatus(m); break;
            case OpenOrderEndMessage: OnOpenOrderEnd(); break;
            case ExecDetailsMessage m: OnExecDetails(m); break;
            case ExecDetailsEndMessage m: OnExecDetailsEnd(m); break;
            case CommissionReportMessage m: OnCommissionReport(m); break;
            case AccountSummaryMessage m: OnAccountSummary(m); break;
            case AccountSummaryEndMessage m: OnAccountSummaryEnd(m); break;
            case PnLMessage m: OnPnL(m); break;
            case ErrorMessage m: OnError(m); break;
            default: break; // managedAccounts is tracked by the connection; unknown ids are normal
        }
    }

    private void OnClosed(TwsConnection connection, string reason)
    {
        List<Action> failures = [];
        lock (_gate)
        {
            if (!ReferenceEquals(_connection, connection) && _connection is not null)
                return;
            _connection = null;
            var error = new TwsNotConnectedException($"Not connected to TWS: {reason}");
            if (_positions is { } positions)
                failures.Add(() => positions.Done.TrySetException(error));
            if (_openOrders is { } openOrders)
                failures.Add(() => openOrders.Done.TrySetException(error));
            foreach (var c in _executions.Values)
                failures.Add(() => c.Done.TrySetException(error));
            foreach (var c in _summaries.Values)
                failures.Add(() => c.Done.TrySetException(error));
            while (_pings.TryDequeue(out var ping))
                failures.Add(() => ping.TrySetException(error));
            if (_idsRequest is { } ids)
                failures.Add(() => ids.TrySetException(error));
            _positions = null;
            _openOrders = null;
            _executions.Clear();
            _summaries.Clear();
            _idsRequest = null;
            _pnlReqId = null;
            _linesByReqId.Clear();
        }

        foreach (var fail in failures)
            fail();
        Log.ConnectionLost(_logger, _options.Endpoint, reason);
        Volatile.Read(ref _listener)?.OnConnectionLost(reason);
    }

    private void OnNextValidId(NextValidIdMessage message)
    {
        TaskCompletionSource<int>? ids;
        lock (_gate)
        {
            _nextOrderId = Math.Max(_nextOrderId, message.OrderId);
            ids = _idsRequest;
            _idsRequest = null;
        }

        ids?.TrySetResult(message.OrderId);
    }

    private void OnCurrentTime(CurrentTimeMessage message)
    {
        TaskCompletionSource<DateTimeOffset>? ping;
        lock (_gate)
            _pings.TryDequeue(out ping);
        ping?.TrySetResult(DateTimeOffset.FromUnixTimeSeconds(message.EpochSeconds));
    }

    private void OnPosition(PositionMessage message)
    {
        lock (_gate)
            _positions?.Items.Add(message);
    }

    private void OnPositionEnd()
    {
        PositionsCollector? positions;
        lock (_gate)
        {
            positions = _positions;
            _positions = null;
        }

        positions?.Done.TrySetResult([.. positions.Items]);
    }

    private void OnOpenOrder(OpenOrderMessage message)
    {
        lock (_gate)
        {
            if (_openOrders is { } collector)
                collector.Orders[OrderKey(message.ClientId, message.OrderId, message.PermId)] = message;
        }

        Volatile.Read(ref _listener)?.OnOpenOrder(message);
    }

    private void OnOrderStatus(OrderStatusMessage message)
    {
        lock (_gate)
        {
            if (_openOrders is { } collector)
                collector.Statuses[OrderKey(message.ClientId, message.OrderId, message.PermId)] = message;
        }

        Volatile.Read(ref _listener)?.OnOrderStatus(message);
    }

    private void OnOpenOrderEnd()
    {
        OpenOrdersCollector? collector;
        lock (_gate)
        {
            collector = _openOrders;
            _openOrders = null;
        }

        if (collector is null)
            return;
        var result = collector.Orders
            .Select(pair => new TwsOpenOrder(pair.Value, collector.Statuses.GetValueOrDefault(pair.Key)))
            .ToList();
        collector.Done.TrySetResult(result);
    }

    private void OnExecDetails(ExecDetailsMessage message)
    {
        TwsExecutionReport? ready = null;
        lock (_gate)
        {
            _lastExecutionSeen = _time.GetUtcNow();
            if (_executions.TryGetValue(message.ReqId, out var collector))
            {
                collector.Items.Add(message);
                return;
            }

            var execId = message.Execution.ExecId;
            if (_awaitingCommission.ContainsKey(execId))
                return; // a repeat of a fill already waiting
            if (_commissions.TryGetValue(execId, out var known) || _options.CommissionWait == TimeSpan.Zero)
            {
                ready = new TwsExecutionReport(message, known);
            }
            else
            {
                var timer = _time.CreateTimer(OnCommissionWaitOver, execId, _options.CommissionWait, Timeout.InfiniteTimeSpan);
                _awaitingCommission[execId] = new PendingFill(message, timer);
            }
        }

        if (ready is not null)
            Volatile.Read(ref _listener)?.OnExecution(ready);
    }

    private void OnCommissionWaitOver(object? state)
    {
        var execId = (string)state!;
        PendingFill? pending;
        lock (_gate)
        {
            if (_awaitingCommission.Remove(execId, out pending))
                pending.Timer.Dispose();
        }

        if (pending is not null)
            Volatile.Read(ref _listener)?.OnExecution(new TwsExecutionReport(pending.Details, null));
    }

    private void OnExecDetailsEnd(ExecDetailsEndMessage message)
    {
        ExecutionsCollector? collector;
        List<TwsExecutionReport> result;
        lock (_gate)
        {
            if (!_executions.Remove(message.ReqId, out collector))
                return;
            result = [.. collector.Items.Select(e => new TwsExecutionReport(e, _commissions.GetValueOrDefault(e.Execution.ExecId)))];
        }

        collector.Done.TrySetResult(result);
    }

    private void OnCommissionReport(CommissionReportMessage message)
    {
        PendingFill? pending;
        lock (_gate)
        {
            if (!_commissions.ContainsKey(message.ExecId))
            {
                _commissionOrder.Enqueue(message.ExecId);
                while (_commissionOrder.Count > CommissionCacheSize)
                    _commissions.Remove(_commissionOrder.Dequeue());
            }

            _commissions[message.ExecId] = message;
            if (_awaitingCommission.Remove(message.ExecId, out pending))
                pending.Timer.Dispose();
        }

        if (pending is not null)
            Volatile.Read(ref _listener)?.OnExecution(new TwsExecutionReport(pending.Details, message));
    }

    private void OnAccountSummary(AccountSummaryMessage message)
    {
        lock (_gate)
        {
            if (_summaries.TryGetValue(message.ReqId, out var collector))
                collector.Items.Add(message);
        }
    }

    private void OnAccountSummaryEnd(AccountSummaryEndMessage message)
    {
        AccountSummaryCollector? collector;
        lock (_gate)
        {
            if (!_summaries.Remove(message.ReqId, out collector))
                return;
        }

        collector.Done.TrySetResult([.. collector.Items]);
    }

    private void OnPnL(PnLMessage message)
    {
        if (message.ReqId == _pnlReqId)
            LatestPnL = message;
    }

    private void OnError(ErrorMessage error)
    {
        Action? fail = null;
        lock (_gate)
        {
            var failure = new InvalidOperationException(TwsErrorCodes.Describe(error.Code, error.Message));
            if (_executions.Remove(error.Id, out var executions))
                fail = () => executions.Done.TrySetException(failure);
            else if (_summaries.Remove(error.Id, out var summary))
                fail = () => summary.Done.TrySetException(failure);
        }

        if (fail is not null)
        {
            fail();
            return;
        }

        if (error.Code == TwsErrorCodes.ConnectivityRestoredDataLost)
        {
            // 1101: TWS dropped our market data lines; ask again (in the background: this is the read loop).
            _ = ResubscribeMarketDataAsync().ContinueWith(
                t => Log.ResubscribeFailed(_logger, t.Exception!.GetBaseException().Message),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        Log.TwsError(_logger, error.Id, error.Code, error.Message);
        Volatile.Read(ref _listener)?.OnError(error);
    }

    private void OnTickPrice(in TickPriceMessage tick)
    {
        TwsQuote? quote = null;
        lock (_gate)
        {
            if (_linesByReqId.TryGetValue(tick.ReqId, out var line) && line.Apply(tick.TickType, tick.Price))
                quote = new TwsQuote(line.Symbol, line.Bid, line.Ask, line.Last);
        }

        if (quote is not null)
            Volatile.Read(ref _listener)?.OnQuote(quote);
    }

    /// <summary>Orders of every client: (client, order id) identifies an API order; manual TWS orders (id 0) only by permId.</summary>
    private static (int ClientId, int OrderId, long PermId) OrderKey(int clientId, int orderId, long permId) =>
        orderId == 0 ? (clientId, 0, permId) : (clientId, orderId, 0);

    private sealed record PendingFill(ExecDetailsMessage Details, ITimer Timer);

    private sealed class PositionsCollector
    {
        public List<PositionMessage> Items { get; } = [];

        public TaskCompletionSource<IReadOnlyList<PositionMessage>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class OpenOrdersCollector
    {
        public Dictionary<(int, int, long), OpenOrderMessage> Orders { get; } = [];

        public Dictionary<(int, int, long), OrderStatusMessage> Statuses { get; } = [];

        public TaskCompletionSource<IReadOnlyList<TwsOpenOrder>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class ExecutionsCollector
    {
        public List<ExecDetailsMessage> Items { get; } = [];

        public TaskCompletionSource<IReadOnlyList<TwsExecutionReport>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class AccountSummaryCollector
    {
        public List<AccountSummaryMessage> Items { get; } = [];

        public TaskCompletionSource<IReadOnlyList<AccountSummaryMessage>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class MarketDataLine(string symbol)
    {
        public string Symbol { get; } = symbol;

        public int ReqId { get; set; }

        public decimal Bid { get; private set; }

        public decimal Ask { get; private set; }

        public decimal Last { get; private set; }

        /// <summary>Applies a price tick (live 1/2/4, delayed 66/67/68); true when the quote changed. −1 means "no price".</summary>
        public bool Apply(int tickType, decimal? price)
        {
            var value = price is { } p && p > 0 ? p : 0m;
            switch (tickType)
            {
                case 1 or 66 when Bid != value: Bid = value; return true;
                case 2 or 67 when Ask != value: Ask = value; return true;
                case 4 or 68 when Last != value: Last = value; return true;
                default: return false;
            }
        }
    }
}
