using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>
/// A TWS-protocol server over a <see cref="PaperExchange"/>: any correct TWS API client (ours, ib_async, the official
/// ones) connects to it as to a paper TWS. Several clients at once, each with its own client id; orders live at the
/// exchange, so they keep working while no client is connected. See <c>Tws/README.md</c> for the behaviour.
/// </summary>
/// <remarks>
/// Thread-safe. Exchange events are fanned out to the sessions from whichever thread delivers them; each session
/// queues its messages and sends them from its own write loop.
/// </remarks>
public sealed partial class TwsSimulatorServer : IAsyncDisposable
{
    /// <summary>1100: connectivity between IB and TWS lost.</summary>
    public const int ConnectivityLostCode = 1100;

    /// <summary>1101: connectivity restored, market data lost (resubscribe).</summary>
    public const int RestoredDataLostCode = 1101;

    /// <summary>1102: connectivity restored, market data kept.</summary>
    public const int RestoredDataKeptCode = 1102;

    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<long, TwsSimulatorSession> _sessions = new();
    private readonly ConcurrentDictionary<long, Task> _sessionTasks = new();
    private readonly Dictionary<int, TwsSimulatorSession> _clients = [];
    private readonly Lock _pendingGate = new();
    private readonly Dictionary<long, List<PaperExecution>> _pendingCommissions = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly string[] _accounts;
    private IDisposable? _subscription;
    private ITimer? _pnlTimer;
    private ITimer? _accountTimer;
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private IPEndPoint? _endPoint;
    private long _nextSessionId;
    private volatile bool _connectivityLost;
    private bool _started;
    private bool _stopped;
    private DateOnly _pnlDay;
    private decimal _netLiqAtDayStart;
    private decimal _realizedAtDayStart;

    /// <summary>Creates the server. The caller owns the exchange (and starts its quotes); nothing listens until <see cref="StartAsync(IPEndPoint, CancellationToken)"/>.</summary>
    public TwsSimulatorServer(PaperExchange exchange, TwsSimulatorOptions options, TimeProvider timeProvider, ILogger<TwsSimulatorServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        Exchange = exchange;
        Options = options;
        Time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Contracts = new TwsSimulatorContracts(exchange.Symbols);
        _accounts = [exchange.AccountId];

        // Ids below the exchange's next id may have been used before this run; orders still working keep theirs.
        Book = new TwsOrderBook(exchange.NextOrderId());
        var snapshot = exchange.GetSnapshot();
        foreach (var order in snapshot.OpenOrders)
            Book.LinkOf(order);

        // Daily P&L counts from when the server started (or from the start of each later UTC day).
        _pnlDay = DateOnly.FromDateTime(snapshot.Time.UtcDateTime);
        _netLiqAtDayStart = snapshot.Account.NetLiquidation;
        _realizedAtDayStart = snapshot.Account.RealizedPnl;
    }

    /// <summary>The exchange behind the server.</summary>
    public PaperExchange Exchange { get; }

    /// <summary>The settings.</summary>
    public TwsSimulatorOptions Options { get; }

    /// <summary>The bound endpoint once started (also while accepting is paused).</summary>
    public IPEndPoint? EndPoint => _endPoint;

    /// <summary>Client ids of the clients connected now (after their startApi).</summary>
    public IReadOnlyList<int> ConnectedClientIds
    {
        get
        {
            lock (_gate)
                return [.. _clients.Keys.Order()];
        }
    }

    internal TimeProvider Time { get; }

    internal TwsSimulatorContracts Contracts { get; }

    internal TwsOrderBook Book { get; }

    /// <summary>Held while an order's exchange id is chosen and the order placed, so no other placement takes that id.</summary>
    internal Lock PlacementLock { get; } = new();

    internal string ManagedAccounts => string.Join(',', _accounts);

    internal bool ConnectivityLost => _connectivityLost;

    /// <summary>Listens on 127.0.0.1 (port 0: one the OS picks). Returns the bound endpoint.</summary>
    public Task<IPEndPoint> StartAsync(int port = 0, CancellationToken cancellationToken = default) =>
        StartAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);

    /// <summary>Listens on <paramref name="endPoint"/>, subscribes to the exchange and starts the P&amp;L and account timers. Returns the bound endpoint.</summary>
    public Task<IPEndPoint> StartAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_started)
                throw new InvalidOperationException("The TWS simulator is already started.");
            StartListening_NeedsLock(endPoint);
            _started = true;
            _subscription = Exchange.Subscribe(OnExchangeEvent);
            _pnlTimer = Time.CreateTimer(static s => ((TwsSimulatorServer)s!).OnPnLTimer(), this, Options.PnLInterval, Options.PnLInterval);
            _accountTimer = Time.CreateTimer(static s => ((TwsSimulatorServer)s!).OnAccountTimer(), this, Options.AccountUpdateInterval, Options.AccountUpdateInterval);
            TwsLog.Listening(_logger, _endPoint!, ManagedAccounts, Options.MaxServerVersion);
            return Task.FromResult(_endPoint!);
        }
    }

    /// <summary>Stops listening and closes every connection. Orders keep working at the exchange.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? acceptLoop;
        lock (_gate)
        {
            if (_stopped)
                return;
            _stopped = true;
            _subscription?.Dispose();
            _pnlTimer?.Dispose();
            _accountTimer?.Dispose();
            _listener?.Stop();
            _listener = null;
            acceptLoop = _acceptLoop;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var session in _sessions.Values)
            session.Abort();
        var tasks = _sessionTasks.Values.ToList();
        if (acceptLoop is not null)
            tasks.Add(acceptLoop);
        await Task.WhenAll(tasks).WaitAsync(cancellationToken).ConfigureAwait(false);
        TwsLog.Stopped(_logger);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal bool IsManagedAccount(string account) =>
        _accounts.Contains(account.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The next order id for a client: above every id it used, and above the exchange's ids.</summary>
    internal int NextValidId(int clientId)
    {
        var next = Math.Max(Book.HighestId(clientId) + 1L, Exchange.NextOrderId());
        return (int)Math.Min(next, int.MaxValue);
    }

    /// <summary>Registers a session's client id; false when another live connection has it (error 326).</summary>
    internal bool TryClaimClientId(int clientId, TwsSimulatorSession session)
    {
        lock (_gate)
        {
            if (_clients.TryGetValue(clientId, out var holder) && holder != session && !holder.IsClosing)
                return false;
            _clients[clientId] = session;
            return true;
        }
    }

    internal void OnSessionClosed(TwsSimulatorSession session)
    {
        _sessions.TryRemove(session.Id, out _);
        _sessionTasks.TryRemove(session.Id, out _);
        lock (_gate)
        {
            if (_clients.TryGetValue(session.ClientId, out var holder) && holder == session)
                _clients.Remove(session.ClientId);
        }
    }

    /// <summary>
    /// Whether a session gets the openOrder, orderStatus and execDetails of an order: the client that placed it;
    /// client 0 after reqAutoOpenOrders(true) for manual TWS orders; the master client id for every order.
    /// </summary>
    internal bool Receives(TwsSimulatorSession session, TwsOrderLink link)
    {
        if (!session.Started)
            return false;
        if (Options.MasterClientId is { } master && session.ClientId == master)
            return true;
        return link.IsManual ? session.ClientId == 0 && session.AutoBind : session.ClientId == link.ClientId;
    }

    /// <summary>Creates a session with no socket (tests feed it frames and read its queue).</summary>
    internal TwsSimulatorSession CreateDetachedSession(int serverVersion)
    {
        var session = new TwsSimulatorSession(this, Interlocked.Increment(ref _nextSessionId), _logger, serverVersion);
        _sessions[session.Id] = session;
        return session;
    }

    private void StartListening_NeedsLock(IPEndPoint endPoint)
    {
        var listener = new TcpListener(endPoint);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _endPoint = (IPEndPoint)listener.LocalEndpoint;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, _stopping.Token));
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                lock (_gate)
                {
                    if (_listener != listener)
                        return; // paused or stopped
                }

                TwsLog.AcceptFailed(_logger, ex);
                continue;
            }

            Accept(socket, token);
        }
    }

    private void Accept(Socket socket, CancellationToken token)
    {
        socket.NoDelay = true;
        var id = Interlocked.Increment(ref _nextSessionId);
        if (_sessions.Count >= Options.MaxClients)
        {
            TwsLog.TooManyClients(_logger, id, Options.MaxClients);
            socket.Dispose();
            return;
        }

        var session = new TwsSimulatorSession(this, id, _logger);
        _sessions[id] = session;
        _sessionTasks[id] = Task.Run(() => session.RunAsync(socket, token), CancellationToken.None);
    }

    private IEnumerable<TwsSimulatorSession> StartedSessions() => _sessions.Values.Where(s => s.Started && !s.IsClosing);

    private void OnExchangeEvent(PaperEvent paperEvent)
    {
        switch (paperEvent)
        {
            case PaperOrderStatusChanged e:
                OnOrderStatus(e.Order);
                break;
            case PaperOrderExecuted e:
                OnExecution(e.Execution);
                break;
            case PaperOrderRejected e:
                {
                    var link = Book.LinkOf(e.Order);
                    foreach (var session in StartedSessions().Where(s => Receives(s, link)))
                        session.SendError(link.TwsOrderId, e.Code, e.Message);
                    break;
                }

            case PaperErrorRaised e:
                OnExchangeError(e);
                break;
            case PaperQuoteUpdated e:
                foreach (var session in StartedSessions())
                    session.OnQuote(e.Quote);
                break;
            case PaperPositionChanged e:
                {
                    PaperAccountValues? values = null;
                    foreach (var session in StartedSessions())
                        session.OnPositionChanged(e.Position, () => values ??= Exchange.GetSnapshot().Account);
                    break;
                }
        }
    }

    private void OnOrderStatus(PaperOrder order)
    {
        var link = Book.LinkOf(order);
        List<PaperExecution>? commissions;
        lock (_pendingGate)
        {
            if (_pendingCommissions.Remove(order.OrderId, out commissions) is false)
                commissions = null;
        }

        foreach (var session in StartedSessions().Where(s => Receives(s, link)))
        {
            session.SendOrder(order, link);

            // TWS order after a fill: execDetails, orderStatus, openOrder, then the commission report.
            foreach (var execution in commissions ?? [])
                session.Send(TwsSimulatorMessages.Commission(execution));
        }
    }

    private void OnExecution(PaperExecution execution)
    {
        var link = Book.Find(execution.OrderId);
        if (link is null)
            return;
        lock (_pendingGate)
        {
            if (!_pendingCommissions.TryGetValue(execution.OrderId, out var list))
                _pendingCommissions[execution.OrderId] = list = [];
            list.Add(execution);
        }

        var contract = Contracts.For(execution.Symbol);
        foreach (var session in StartedSessions().Where(s => Receives(s, link)))
            session.Send(TwsSimulatorMessages.ExecDetails(-1, execution, link, contract, Options.ExecutionExchange));
    }

    private void OnExchangeError(PaperErrorRaised error)
    {
        if (error.Id == -1)
        {
            foreach (var session in StartedSessions())
                session.SendError(-1, error.Code, error.Message);
            return;
        }

        if (Book.Find(error.Id) is not { } link)
            return;
        foreach (var session in StartedSessions().Where(s => Receives(s, link)))
            session.SendError(link.TwsOrderId, error.Code, error.Message);
    }

    private void OnPnLTimer()
    {
        try
        {
            var sessions = StartedSessions().ToList();
            if (sessions.Count == 0)
                return;
            var snapshot = Exchange.GetSnapshot();
            var account = snapshot.Account;
            var day = DateOnly.FromDateTime(snapshot.Time.UtcDateTime);
            if (day != _pnlDay)
            {
                _pnlDay = day;
                _netLiqAtDayStart = account.NetLiquidation;
                _realizedAtDayStart = account.RealizedPnl;
            }

            var daily = account.NetLiquidation - _netLiqAtDayStart;
            var realized = account.RealizedPnl - _realizedAtDayStart;
            foreach (var session in sessions)
                session.OnPnL(daily, account.UnrealizedPnl, realized);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            TwsLog.TimerFailed(_logger, ex);
        }
    }

    private void OnAccountTimer()
    {
        try
        {
            var sessions = StartedSessions().ToList();
            if (sessions.Count == 0)
                return;
            var snapshot = Exchange.GetSnapshot();
            foreach (var session in sessions)
                session.OnAccountTimer(snapshot.Account, snapshot.Time);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            TwsLog.TimerFailed(_logger, ex);
        }
    }
}
