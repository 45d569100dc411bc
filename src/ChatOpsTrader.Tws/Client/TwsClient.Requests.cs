using System.Globalization;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Tws.Client;

public sealed partial class TwsClient
{
    /// <summary>The account summary tags we ask for.</summary>
    public const string AccountSummaryTags = "NetLiquidation,ExcessLiquidity,Cushion,MaintMarginReq";

    /// <summary>Takes the next order id (from nextValidId, then counting up). Throws before the first connection.</summary>
    public int NextOrderId()
    {
        lock (_gate)
        {
            if (_nextOrderId <= 0)
                throw new TwsNotConnectedException("No order id yet: TWS has not sent nextValidId.");
            return _nextOrderId++;
        }
    }

    /// <summary>reqIds: asks TWS for its next valid order id (and raises ours to it).</summary>
    public async Task<int> RequestIdsAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<int> pending;
        lock (_gate)
            pending = _idsRequest ??= new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync(new ReqIdsRequest());
        return await AwaitAnswerAsync(pending.Task, "reqIds", () => { }, cancellationToken);
    }

    /// <summary>reqCurrentTime as a ping: TWS's clock, or a <see cref="TimeoutException"/>.</summary>
    public async Task<DateTimeOffset> PingAsync(CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _pings.Enqueue(pending);
        await SendAsync(ReqCurrentTimeRequest.Instance);
        return await AwaitAnswerAsync(pending.Task, "reqCurrentTime", () => { }, cancellationToken);
    }

    /// <summary>reqPositions: every position message until positionEnd, then cancelPositions.</summary>
    public async Task<IReadOnlyList<PositionMessage>> GetPositionsAsync(CancellationToken cancellationToken)
    {
        await _positionsTurn.WaitAsync(cancellationToken);
        try
        {
            var collector = new PositionsCollector();
            lock (_gate)
                _positions = collector;
            await SendAsync(ReqPositionsRequest.Instance);
            var positions = await AwaitAnswerAsync(collector.Done.Task, "reqPositions", () => ClearIf(ref _positions, collector), cancellationToken);
            await SendAsync(CancelPositionsRequest.Instance);
            return positions;
        }
        finally
        {
            _positionsTurn.Release();
        }
    }

    /// <summary>reqAllOpenOrders: every API client's open orders (with their last orderStatus) until openOrderEnd.</summary>
    public async Task<IReadOnlyList<TwsOpenOrder>> GetOpenOrdersAsync(CancellationToken cancellationToken)
    {
        await _openOrdersTurn.WaitAsync(cancellationToken);
        try
        {
            var collector = new OpenOrdersCollector();
            lock (_gate)
                _openOrders = collector;
            await SendAsync(ReqAllOpenOrdersRequest.Instance);
            return await AwaitAnswerAsync(collector.Done.Task, "reqAllOpenOrders", () => ClearIf(ref _openOrders, collector), cancellationToken);
        }
        finally
        {
            _openOrdersTurn.Release();
        }
    }

    /// <summary>reqExecutions with a filter: execDetails until execDetailsEnd, each paired with its commissionReport if known.</summary>
    public async Task<IReadOnlyList<TwsExecutionReport>> GetExecutionsAsync(TwsExecutionFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var collector = new ExecutionsCollector();
        int reqId;
        lock (_gate)
        {
            reqId = _nextRequestId++;
            _executions[reqId] = collector;
        }

        await SendOrForget(new ReqExecutionsRequest(reqId, filter), () => Forget(_executions, reqId));
        return await AwaitAnswerAsync(collector.Done.Task, "reqExecutions", () => Forget(_executions, reqId), cancellationToken);
    }

    /// <summary>
    /// The filter for "executions since the last one we saw": the last seen time (our clock) minus
    /// <see cref="TwsOptions.ExecutionResyncMargin"/>, in UTC as TWS wants it; no time (all of today) when none was seen.
    /// </summary>
    public TwsExecutionFilter SinceLastSeenFilter()
    {
        var since = LastExecutionSeen;
        var time = since is { } seen
            ? (seen - _options.ExecutionResyncMargin).UtcDateTime.ToString("yyyyMMdd-HH:mm:ss", CultureInfo.InvariantCulture)
            : string.Empty;
        return new TwsExecutionFilter { AcctCode = Account, Time = time };
    }

    /// <summary>Executions since the last one we saw (see <see cref="SinceLastSeenFilter"/>).</summary>
    public Task<IReadOnlyList<TwsExecutionReport>> GetExecutionsSinceLastSeenAsync(CancellationToken cancellationToken) =>
        GetExecutionsAsync(SinceLastSeenFilter(), cancellationToken);

    /// <summary>reqAccountSummary for NetLiquidation, ExcessLiquidity, Cushion and MaintMarginReq of our account, then cancelAccountSummary.</summary>
    public async Task<TwsAccountValues> GetAccountValuesAsync(CancellationToken cancellationToken)
    {
        var collector = new AccountSummaryCollector();
        int reqId;
        lock (_gate)
        {
            reqId = _nextRequestId++;
            _summaries[reqId] = collector;
        }

        await SendOrForget(new ReqAccountSummaryRequest(reqId, "All", AccountSummaryTags), () => Forget(_summaries, reqId));
        IReadOnlyList<AccountSummaryMessage> rows;
        try
        {
            rows = await AwaitAnswerAsync(collector.Done.Task, "reqAccountSummary", () => Forget(_summaries, reqId), cancellationToken);
        }
        finally
        {
            if (IsConnected)
                _ = SendAsync(new CancelAccountSummaryRequest(reqId)).ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        var account = Account;
        var mine = rows.Where(r => account.Length == 0 || string.Equals(r.Account, account, StringComparison.OrdinalIgnoreCase)).ToList();
        decimal? Value(string tag) =>
            mine.FirstOrDefault(r => r.Tag == tag) is { } row && decimal.TryParse(row.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        var currency = mine.FirstOrDefault(r => r.Tag == "NetLiquidation")?.Currency ?? string.Empty;
        return new TwsAccountValues(mine.FirstOrDefault()?.Account ?? account, Value("NetLiquidation"), Value("ExcessLiquidity"), Value("Cushion"), currency, Value("MaintMarginReq"));
    }

    /// <summary>reqPnL for our account: <see cref="LatestPnL"/> follows it (about once a second).</summary>
    public async Task SubscribePnLAsync()
    {
        int reqId;
        lock (_gate)
        {
            reqId = _nextRequestId++;
            _pnlReqId = reqId;
        }

        await SendAsync(new ReqPnLRequest(reqId, Account));
    }

    /// <summary>placeOrder for one order (ordinary lane).</summary>
    public Task PlaceOrderAsync(PlaceOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(request);
    }

    /// <summary>
    /// placeOrder for several orders back to back in the given order (a bracket: parent and take-profit with transmit
    /// false, the stop-loss with transmit true, so TWS releases them together). Completes when all are on the wire.
    /// </summary>
    public Task PlaceOrdersAsync(IReadOnlyList<PlaceOrderRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var connection = Volatile.Read(ref _connection);
        if (connection is not { IsOpen: true })
            return Task.FromException(new TwsNotConnectedException("Not connected to TWS."));
        return Task.WhenAll(requests.Select(r => connection.SendAsync(r, TwsLane.Normal)).ToList());
    }

    /// <summary>cancelOrder on the priority lane (only this client's orders can be cancelled this way).</summary>
    public Task CancelOrderAsync(int orderId) => SendAsync(new CancelOrderRequest(orderId), TwsLane.Priority);

    /// <summary>reqGlobalCancel on the priority lane: every open order of the account, manual TWS orders included.</summary>
    public Task GlobalCancelAsync() => SendAsync(new ReqGlobalCancelRequest(), TwsLane.Priority);

    /// <summary>reqMktData (stock, the configured exchange and currency) for the symbol, once; quotes go to the listener.</summary>
    public async Task SubscribeMarketDataAsync(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var key = symbol.Trim().ToUpperInvariant();
        ReqMktDataRequest? request = null;
        lock (_gate)
        {
            if (!_linesBySymbol.TryGetValue(key, out var line))
            {
                line = new MarketDataLine(key);
                _linesBySymbol[key] = line;
            }

            if (_connection is { IsOpen: true } && !_linesByReqId.ContainsKey(line.ReqId))
                request = Open(line);
        }

        if (request is not null)
            await SendAsync(request);
    }

    /// <summary>The stock contract of a symbol as we trade and quote it.</summary>
    public TwsContract StockContract(string symbol) => new()
    {
        Symbol = symbol,
        SecType = "STK",
        Exchange = _options.Exchange,
        Currency = _options.Currency,
    };

    /// <summary>Requests every subscribed symbol again with new request ids (after a reconnect or 1101).</summary>
    public async Task ResubscribeMarketDataAsync()
    {
        List<ReqMktDataRequest> requests = [];
        lock (_gate)
        {
            if (_connection is not { IsOpen: true })
                return;
            foreach (var line in _linesBySymbol.Values)
            {
                _linesByReqId.Remove(line.ReqId);
                requests.Add(Open(line));
            }
        }

        foreach (var request in requests)
            await SendAsync(request);
    }

    private ReqMktDataRequest Open(MarketDataLine line)
    {
        line.ReqId = _nextRequestId++;
        _linesByReqId[line.ReqId] = line;
        return new ReqMktDataRequest(line.ReqId, StockContract(line.Symbol));
    }

    private async Task SendOrForget(TwsRequest request, Action forget)
    {
        try
        {
            await SendAsync(request);
        }
        catch
        {
            forget();
            throw;
        }
    }

    private async Task<T> AwaitAnswerAsync<T>(Task<T> answer, string what, Action forget, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await answer.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            forget();
            throw new TimeoutException($"TWS did not answer {what} within {_options.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException)
        {
            forget();
            throw;
        }
    }

    private void ClearIf<T>(ref T? slot, T value)
        where T : class
    {
        lock (_gate)
        {
            if (ReferenceEquals(slot, value))
                slot = null;
        }
    }

    private void Forget<T>(Dictionary<int, T> pending, int reqId)
    {
        lock (_gate)
            pending.Remove(reqId);
    }
}
