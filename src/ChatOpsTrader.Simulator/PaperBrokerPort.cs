using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Simulator;

/// <summary>
/// The core's broker port over the in-process <see cref="PaperExchange"/> ("paper"). Our orders use client id
/// <see cref="OurClientId"/>; events of every client's orders are delivered (the watchdog sees the whole account).
/// </summary>
/// <remarks>
/// Events go through an unbounded queue to one pump task that calls the sink: the sink is called one event at a time,
/// in exchange order, never on the caller's stack (not inside <see cref="PlaceOrderAsync"/>) and never under the
/// exchange's lock. A sink exception is logged and the pump carries on.
/// </remarks>
public sealed class PaperBrokerPort : IBrokerPort, IAsyncDisposable
{
    /// <summary>The TWS client id of orders placed through the safety core.</summary>
    public const int OurClientId = 1;

    private readonly PaperExchange _exchange;
    private readonly TimeProvider _time;
    private readonly TradingCalendar _calendar;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, byte> _quoteSymbols = new(StringComparer.Ordinal);
    private Channel<BrokerEvent>? _events;
    private IDisposable? _subscription;
    private Task? _pump;
    private volatile bool _connected;

    /// <summary>Creates the adapter. The host owns (and disposes) the exchange.</summary>
    /// <param name="exchange">The paper exchange.</param>
    /// <param name="timeProvider">Clock for event times.</param>
    /// <param name="logger">Logger, or null.</param>
    /// <param name="calendar">Decides which executions are "today" in snapshots; default New York.</param>
    public PaperBrokerPort(PaperExchange exchange, TimeProvider timeProvider, ILogger<PaperBrokerPort>? logger = null, TradingCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _exchange = exchange;
        _time = timeProvider;
        _calendar = calendar ?? TradingCalendar.NewYork();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public string Name => "paper";

    /// <inheritdoc/>
    public bool IsConnected => _connected;

    /// <summary>
    /// Subscribes to the exchange, starts its tick timer, and queues ConnectionChanged(true) followed by the farm
    /// notices TWS sends (2104, 2106, 2158) and the current quotes of already subscribed symbols.
    /// </summary>
    public Task StartAsync(IBrokerEventSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_events is not null)
                throw new InvalidOperationException("The paper broker is already started.");
            var events = Channel.CreateUnbounded<BrokerEvent>(new UnboundedChannelOptions { SingleReader = true });
            var now = _time.GetUtcNow();
            events.Writer.TryWrite(new ConnectionChanged(now, true, $"paper exchange connected (account {_exchange.AccountId})"));
            events.Writer.TryWrite(new BrokerNotice(now, 2104, "Market data farm connection is OK:usfarm"));
            events.Writer.TryWrite(new BrokerNotice(now, 2106, "HMDS data farm connection is OK:ushmds"));
            events.Writer.TryWrite(new BrokerNotice(now, 2158, "Sec-def data farm connection is OK:secdefnj"));
            _events = events;
            foreach (var symbol in _quoteSymbols.Keys)
                WriteCurrentQuote(events, symbol);
            _subscription = _exchange.Subscribe(OnExchangeEvent);
            _pump = Task.Run(() => PumpAsync(events.Reader, sink), CancellationToken.None);
            _connected = true;
        }

        _exchange.Start();
        Log.BrokerStarted(_logger, _exchange.AccountId);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening, delivers what is already queued, then returns. The exchange keeps running (server-side orders keep working).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? pump;
        lock (_gate)
        {
            if (_events is null)
                return;
            _connected = false;
            _subscription?.Dispose();
            _subscription = null;
            _events.Writer.TryComplete();
            _events = null;
            pump = _pump;
            _pump = null;
        }

        if (pump is not null)
            await pump.WaitAsync(cancellationToken);
        Log.BrokerStopped(_logger);
    }

    /// <summary>
    /// Places the order (a bracket atomically, children referenced by <see cref="BracketRequest"/>) as client 1 and
    /// returns the parent's id. Rejections arrive as events. Throws <see cref="InvalidOperationException"/> when not started.
    /// </summary>
    public ValueTask<long> PlaceOrderAsync(BrokerOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureConnected();
        var parent = new PaperOrderRequest(request.Symbol, request.Side, request.Quantity, request.Type, request.LimitPrice, request.StopPrice)
        {
            ClientId = OurClientId,
            OrderRef = request.OrderRef,
        };
        if (request.Bracket is not { } bracket)
            return ValueTask.FromResult(_exchange.PlaceOrder(parent));

        var exit = request.Side.Opposite();
        var takeProfit = new PaperOrderRequest(request.Symbol, exit, request.Quantity, OrderType.Limit, LimitPrice: bracket.TakeProfitPrice)
        {
            ClientId = OurClientId,
            OrderRef = bracket.TakeProfitRef,
        };
        var stopLoss = new PaperOrderRequest(request.Symbol, exit, request.Quantity, OrderType.Stop, StopPrice: bracket.StopLossPrice)
        {
            ClientId = OurClientId,
            OrderRef = bracket.StopLossRef,
        };
        return ValueTask.FromResult(_exchange.PlaceBracket(parent, takeProfit, stopLoss).ParentId);
    }

    /// <summary>Cancels one order (of any client). An unknown or finished id yields a BrokerNotice 10147.</summary>
    public ValueTask CancelOrderAsync(long brokerOrderId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureConnected();
        _exchange.CancelOrder(brokerOrderId);
        return ValueTask.CompletedTask;
    }

    /// <summary>Global cancel: every working order of every client.</summary>
    public ValueTask CancelAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureConnected();
        _exchange.GlobalCancel();
        return ValueTask.CompletedTask;
    }

    /// <summary>Positions, working orders of all clients, executions of the current trading day (New York by default), net liquidation.</summary>
    public ValueTask<BrokerAccountSnapshot> GetAccountSnapshotAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureConnected();
        var snapshot = _exchange.GetSnapshot();
        var today = _calendar.TradingDayOf(snapshot.Time);
        return ValueTask.FromResult(new BrokerAccountSnapshot(
            snapshot.Time,
            [.. snapshot.Positions.Select(p => new BrokerPosition(p.Symbol, p.Quantity, p.AverageCost))],
            [.. snapshot.OpenOrders.Select(ToBrokerOrder)],
            [.. snapshot.Executions.Where(e => _calendar.TradingDayOf(e.Time) == today).Select(ToFill)],
            snapshot.Account.NetLiquidation));
    }

    /// <summary>Adds symbols to the quote stream and sends their current quote; unknown symbols yield a BrokerNotice 200.</summary>
    public ValueTask SubscribeQuotesAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            foreach (var raw in symbols)
            {
                var symbol = raw.Trim().ToUpperInvariant();
                if (!_exchange.TryGetQuote(symbol, out _))
                {
                    _events?.Writer.TryWrite(new BrokerNotice(_time.GetUtcNow(), PaperExchange.NoSecurityDefinitionCode, $"No security definition has been found for the request: {symbol}"));
                    continue;
                }

                if (_quoteSymbols.TryAdd(symbol, 0) && _events is not null)
                    WriteCurrentQuote(_events, symbol);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    internal static BrokerOrder ToBrokerOrder(PaperOrder o) => new(
        o.OrderId, o.OrderRef, o.Symbol, o.Side, o.Quantity, o.Type, o.LimitPrice, o.StopPrice, o.ParentId,
        o.Status.ToCoreStatus(o.Filled), o.Filled, o.AverageFillPrice, o.ClientId);

    internal static Fill ToFill(PaperExecution e) => new(e.ExecId, e.OrderId, e.OrderRef, e.Symbol, e.Side, e.Quantity, e.Price, e.Commission, e.Time);

    private void EnsureConnected()
    {
        if (!_connected)
            throw new InvalidOperationException("The paper broker is not started.");
    }

    private void WriteCurrentQuote(Channel<BrokerEvent> events, string symbol)
    {
        if (!_exchange.QuotesStalled && _exchange.TryGetQuote(symbol, out var quote))
            events.Writer.TryWrite(new QuoteReceived(_time.GetUtcNow(), quote));
    }

    /// <summary>Called by the exchange outside its lock, one event at a time; only queues.</summary>
    private void OnExchangeEvent(PaperEvent paperEvent)
    {
        var translated = Translate(paperEvent);
        var events = Volatile.Read(ref _events);
        if (translated is not null)
            events?.Writer.TryWrite(translated);
        if (events is not null && paperEvent is PaperOrderExecuted or PaperPositionChanged or PaperQuoteUpdated)
            WriteAccountValuesIfDue(events, force: paperEvent is not PaperQuoteUpdated);
    }

    /// <summary>
    /// The account's margin values (<see cref="AccountValuesReceived"/>): after every execution or position change, and
    /// on price moves at most every <see cref="AccountValuesInterval"/>; only when they changed since the last report.
    /// </summary>
    private void WriteAccountValuesIfDue(Channel<BrokerEvent> events, bool force)
    {
        var now = _time.GetUtcNow();
        lock (_accountGate)
        {
            if (!force && now - _lastAccountValuesAt < AccountValuesInterval)
                return;
            _lastAccountValuesAt = now;
            var account = _exchange.GetSnapshot().Account;
            var values = new AccountValuesReceived(now, account.NetLiquidation, account.ExcessLiquidity, account.MaintenanceMargin);
            if (_lastAccountValues is { } last && last.NetLiquidation == values.NetLiquidation && last.ExcessLiquidity == values.ExcessLiquidity
                && last.MaintenanceMargin == values.MaintenanceMargin)
                return;
            _lastAccountValues = values;
            events.Writer.TryWrite(values);
        }
    }

    /// <summary>The least time between two account-value reports caused by price moves alone.</summary>
    public static readonly TimeSpan AccountValuesInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _accountGate = new();
    private DateTimeOffset _lastAccountValuesAt = DateTimeOffset.MinValue;
    private AccountValuesReceived? _lastAccountValues;

    private BrokerEvent? Translate(PaperEvent paperEvent)
    {
        var now = _time.GetUtcNow();
        return paperEvent switch
        {
            PaperOrderStatusChanged s => new OrderUpdated(now, ToBrokerOrder(s.Order)),
            PaperOrderExecuted x => new ExecutionReceived(now, ToFill(x.Execution)),
            PaperOrderRejected r => new OrderRejected(now, r.Order.OrderId, r.Order.OrderRef, r.Code, r.Message),
            PaperQuoteUpdated q when _quoteSymbols.ContainsKey(q.Quote.Symbol) => new QuoteReceived(now, q.Quote),

            // 202 accompanies every cancel, which already arrives as OrderUpdated(Cancelled).
            PaperErrorRaised { Code: PaperExchange.CancelledCode } => null,
            PaperErrorRaised e => new BrokerNotice(now, e.Code, e.Id > 0 ? $"{e.Message} (order {e.Id})" : e.Message),
            _ => null,
        };
    }

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
                Log.SinkFailed(_logger, brokerEvent.GetType().Name, ex);
            }
        }
    }
}
