using System.Globalization;
using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Tws;
using ChatOpsTrader.Tws.Protocol;

namespace ChatOpsTrader.Simulator.Tws;

internal sealed partial class TwsSimulatorSession
{
    /// <summary>TWS's code for a request it cannot validate.</summary>
    public const int ValidationErrorCode = 321;

    private const int PacingCode = 100;
    private const int ClientIdInUseCode = 326;
    private const int NoSecurityDefinitionCode = 200;
    private const int DuplicateTickerOrLimitCode = 322;
    private const int MaxAccountSummaries = 2;

    private readonly TwsPacingMeter _pacing;
    private readonly Lock _subscriptions = new();

    // Guarded by _subscriptions: read by exchange events on any thread.
    private readonly HashSet<int> _pnl = [];
    private readonly Dictionary<int, MarketDataSubscription> _marketData = [];
    private readonly Dictionary<int, string> _accountSummaries = [];
    private bool _positions;
    private bool _accountUpdates;
    private int _marketDataType = 1;
    private volatile bool _autoBind;

    /// <summary>True when client 0 asked for manual TWS orders (reqAutoOpenOrders(true)).</summary>
    public bool AutoBind => _autoBind;

    /// <summary>
    /// Handles one request frame: pacing first, then decoding, then the request. A frame that is well formed but
    /// does not decode as a request we know is answered with error 321 and the connection stays.
    /// </summary>
    public void ProcessFrame(ReadOnlySpan<byte> payload)
    {
        if (_closing)
            return;
        if (!_pacing.TryRecord(_server.Time.GetUtcNow(), out var count))
        {
            TwsLog.PacingViolation(_logger, ClientId, _pacing.Limit, count);
            SendError(-1, PacingCode, string.Create(CultureInfo.InvariantCulture, $"Max rate of messages per second has been exceeded:max={_pacing.Limit} rec={count} (1)"));
            CloseAfterFlush();
            return;
        }

        TwsRequest request;
        try
        {
            request = TwsRequestDecoder.Decode(payload, ServerVersion);
        }
        catch (TwsProtocolException ex)
        {
            Refuse(PeekOrderId(payload), ValidationErrorCode, "Error validating request: " + ex.Message);
            return;
        }

        if (!_started && request is not StartApiRequest)
        {
            Refuse(-1, ValidationErrorCode, "Error validating request: startApi must be the first message");
            return;
        }

        Handle(request);
    }

    private void Handle(TwsRequest request)
    {
        switch (request)
        {
            case StartApiRequest r: StartApi(r); break;
            case ReqIdsRequest: Send(new NextValidIdMessage(_server.NextValidId(ClientId))); break;
            case ReqCurrentTimeRequest: Send(new CurrentTimeMessage(_server.Time.GetUtcNow().ToUnixTimeSeconds())); break;
            case ReqManagedAcctsRequest: Send(new ManagedAccountsMessage(_server.ManagedAccounts)); break;
            case ReqPositionsRequest: ReqPositions(); break;
            case CancelPositionsRequest: SetPositions(false); break;
            case ReqOpenOrdersRequest: SendOpenOrders(all: false); break;
            case ReqAllOpenOrdersRequest: SendOpenOrders(all: true); break;
            case ReqAutoOpenOrdersRequest r: ReqAutoOpenOrders(r); break;
            case ReqExecutionsRequest r: ReqExecutions(r); break;
            case PlaceOrderRequest r: PlaceOrder(r); break;
            case CancelOrderRequest r: CancelOrder(r.OrderId); break;
            case ReqGlobalCancelRequest: GlobalCancel(); break;
            case ReqAccountSummaryRequest r: ReqAccountSummary(r); break;
            case CancelAccountSummaryRequest r: Remove(_accountSummaries, r.ReqId); break;
            case ReqAccountUpdatesRequest r: ReqAccountUpdates(r); break;
            case ReqPnLRequest r: ReqPnL(r); break;
            case CancelPnLRequest r: RemovePnL(r.ReqId); break;
            case ReqMktDataRequest r: ReqMktData(r); break;
            case CancelMktDataRequest r: Remove(_marketData, r.ReqId); break;
            case ReqMarketDataTypeRequest r: ReqMarketDataType(r.MarketDataType); break;
            default:
                Refuse(-1, ValidationErrorCode, string.Create(CultureInfo.InvariantCulture, $"Error validating request: message id {request.MessageId} is not supported by the simulator"));
                break;
        }
    }

    private void StartApi(StartApiRequest request)
    {
        if (_started)
        {
            Refuse(-1, ValidationErrorCode, "Error validating request: the API is already started on this connection");
            return;
        }

        _clientId = request.ClientId;
        if (!_server.TryClaimClientId(request.ClientId, this))
        {
            TwsLog.ClientIdInUse(_logger, Id, request.ClientId);
            SendError(-1, ClientIdInUseCode, "Unable to connect as the client id is already in use. Retry with a unique client id.");
            CloseAfterFlush();
            return;
        }

        _started = true;
        TwsLog.ClientStarted(_logger, request.ClientId, Id);
        Send(new ManagedAccountsMessage(_server.ManagedAccounts));
        Send(new NextValidIdMessage(_server.NextValidId(request.ClientId)));
        SendError(-1, 2104, "Market data farm connection is OK:usfarm");
        SendError(-1, 2106, "HMDS data farm connection is OK:ushmds");
        SendError(-1, 2158, "Sec-def data farm connection is OK:secdefnj");
        if (_server.ConnectivityLost)
            SendError(-1, TwsSimulatorServer.ConnectivityLostCode, "Connectivity between IB and Trader Workstation has been lost.");
    }

    private void ReqPositions()
    {
        SetPositions(true);
        var snapshot = _server.Exchange.GetSnapshot();
        foreach (var position in snapshot.Positions)
            Send(TwsSimulatorMessages.Position(snapshot.Account.AccountId, position, _server.Contracts.For(position.Symbol)));
        Send(PositionEndMessage.Instance);
    }

    private void SetPositions(bool on)
    {
        lock (_subscriptions)
            _positions = on;
    }

    private void ReqAutoOpenOrders(ReqAutoOpenOrdersRequest request)
    {
        if (ClientId != 0)
        {
            Refuse(-1, ValidationErrorCode, "Error validating request: reqAutoOpenOrders is only allowed for client id 0");
            return;
        }

        _autoBind = request.AutoBind;
    }

    private void ReqExecutions(ReqExecutionsRequest request)
    {
        if (!TwsExecutionMatcher.TryCreate(request.Filter, _server.Options.ExecutionExchange, out var matcher, out var problem))
        {
            Refuse(request.ReqId, ValidationErrorCode, "Error validating request: " + problem);
            return;
        }

        foreach (var execution in _server.Exchange.GetSnapshot().Executions)
        {
            if (!matcher.Matches(execution))
                continue;
            var link = _server.Book.Find(execution.OrderId) ?? new TwsOrderLink(execution.OrderId, execution.ClientId, (int)Math.Clamp(execution.OrderId, 0, int.MaxValue), null);
            Send(TwsSimulatorMessages.ExecDetails(request.ReqId, execution, link, _server.Contracts.For(execution.Symbol), _server.Options.ExecutionExchange));
            Send(TwsSimulatorMessages.Commission(execution));
        }

        Send(new ExecDetailsEndMessage(request.ReqId));
    }

    private void ReqAccountSummary(ReqAccountSummaryRequest request)
    {
        lock (_subscriptions)
        {
            if (_accountSummaries.ContainsKey(request.ReqId))
            {
                Refuse(request.ReqId, DuplicateTickerOrLimitCode, "Error processing request:-'bd' : cause - Duplicate ticker id");
                return;
            }

            if (_accountSummaries.Count >= MaxAccountSummaries)
            {
                Refuse(request.ReqId, DuplicateTickerOrLimitCode, "Error processing request:-'bd' : cause - Maximum number of account summary requests exceeded");
                return;
            }

            _accountSummaries[request.ReqId] = request.Tags;
        }

        SendAccountSummary(request.ReqId, request.Tags, _server.Exchange.GetSnapshot().Account);
        Send(new AccountSummaryEndMessage(request.ReqId));
    }

    private void SendAccountSummary(int reqId, string tags, PaperAccountValues values)
    {
        var wanted = tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var all = TwsSimulatorMessages.AccountValues(values, _server.Exchange.Options.Leverage);
        foreach (var tag in wanted)
        {
            if (tag.StartsWith("$LEDGER", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var (key, value) in TwsSimulatorMessages.LedgerValues(values))
                    Send(new AccountSummaryMessage(reqId, values.AccountId, key, value, "USD"));
                continue;
            }

            foreach (var (key, value) in all)
            {
                if (key.Equals(tag, StringComparison.OrdinalIgnoreCase))
                    Send(new AccountSummaryMessage(reqId, values.AccountId, key, value, key == "AccountType" ? "" : "USD"));
            }
        }
    }

    private void ReqAccountUpdates(ReqAccountUpdatesRequest request)
    {
        if (request.Subscribe && request.AccountCode.Length > 0 && !_server.IsManagedAccount(request.AccountCode))
        {
            Refuse(-1, ValidationErrorCode, $"Error validating request: account {request.AccountCode} is not managed by this login");
            return;
        }

        lock (_subscriptions)
            _accountUpdates = request.Subscribe;
        if (!request.Subscribe)
            return;
        var snapshot = _server.Exchange.GetSnapshot();
        SendAccountValues(snapshot.Account);
        foreach (var position in snapshot.Positions)
            SendPayload(TwsSimulatorMessages.UpdatePortfolio(position, _server.Contracts.For(position.Symbol), snapshot.Account.AccountId));
        SendPayload(TwsSimulatorMessages.UpdateAccountTime(snapshot.Time));
        SendPayload(TwsSimulatorMessages.AccountDownloadEnd(snapshot.Account.AccountId));
    }

    private void SendAccountValues(PaperAccountValues values)
    {
        foreach (var (key, value) in TwsSimulatorMessages.AccountValues(values, _server.Exchange.Options.Leverage))
            Send(new UpdateAccountValueMessage(key, value, key == "AccountType" ? "" : "USD", values.AccountId));
    }

    private void ReqPnL(ReqPnLRequest request)
    {
        if (request.Account.Length > 0 && !_server.IsManagedAccount(request.Account))
        {
            Refuse(request.ReqId, ValidationErrorCode, $"Error validating request: account {request.Account} is not managed by this login");
            return;
        }

        lock (_subscriptions)
        {
            if (!_pnl.Add(request.ReqId))
                Refuse(request.ReqId, DuplicateTickerOrLimitCode, "Error processing request: Duplicate ticker id");
        }
    }

    private void RemovePnL(int reqId)
    {
        lock (_subscriptions)
            _pnl.Remove(reqId);
    }

    private void ReqMarketDataType(int type)
    {
        if (type is < 1 or > 4)
        {
            Refuse(-1, ValidationErrorCode, string.Create(CultureInfo.InvariantCulture, $"Error validating request: market data type {type} is not 1..4"));
            return;
        }

        lock (_subscriptions)
            _marketDataType = type;
    }

    private void ReqMktData(ReqMktDataRequest request)
    {
        if (_server.Contracts.Resolve(request.Contract) is not { } symbol)
        {
            Refuse(request.ReqId, NoSecurityDefinitionCode, "No security definition has been found for the request");
            return;
        }

        var subscription = new MarketDataSubscription(symbol);
        int type;
        lock (_subscriptions)
        {
            if (!request.Snapshot && !_marketData.TryAdd(request.ReqId, subscription))
            {
                Refuse(request.ReqId, DuplicateTickerOrLimitCode, "Error processing request: Duplicate ticker id");
                return;
            }

            type = _marketDataType;
        }

        Send(new MarketDataTypeMessage(request.ReqId, type));
        if (!_server.Exchange.QuotesStalled && _server.Exchange.TryGetQuote(symbol, out var quote))
        {
            lock (_subscriptions)
                SendTicks_NeedsLock(request.ReqId, subscription, quote, type);
        }

        if (request.Snapshot)
            SendPayload(TwsSimulatorMessages.TickSnapshotEnd(request.ReqId));
    }

    /// <summary>An exchange quote: ticks for every subscription of the symbol, for the prices that changed.</summary>
    public void OnQuote(Quote quote)
    {
        lock (_subscriptions)
        {
            foreach (var (reqId, subscription) in _marketData)
            {
                if (subscription.Symbol == quote.Symbol)
                    SendTicks_NeedsLock(reqId, subscription, quote, _marketDataType);
            }
        }
    }

    private void SendTicks_NeedsLock(int reqId, MarketDataSubscription subscription, Quote quote, int type)
    {
        // Delayed data (3, 4) uses the delayed tick types: 66 bid, 67 ask, 68 last, 69/70/71 their sizes.
        var delayed = type is 3 or 4;
        var size = _server.Options.QuoteSize;
        if (subscription.Bid != quote.Bid)
        {
            subscription.Bid = quote.Bid;
            Send(new TickPriceMessage(reqId, delayed ? 66 : 1, quote.Bid, size, 1));
            Send(new TickSizeMessage(reqId, delayed ? 69 : 0, size));
        }

        if (subscription.Ask != quote.Ask)
        {
            subscription.Ask = quote.Ask;
            Send(new TickPriceMessage(reqId, delayed ? 67 : 2, quote.Ask, size, 1));
            Send(new TickSizeMessage(reqId, delayed ? 70 : 3, size));
        }

        if (subscription.Last != quote.Last)
        {
            subscription.Last = quote.Last;
            Send(new TickPriceMessage(reqId, delayed ? 68 : 4, quote.Last, size, 0));
            Send(new TickSizeMessage(reqId, delayed ? 71 : 5, size));
        }
    }

    /// <summary>A position changed: position to reqPositions subscribers, updatePortfolio and values to reqAccountUpdates ones.</summary>
    public void OnPositionChanged(PaperPosition position, Func<PaperAccountValues> values)
    {
        bool positions, updates;
        lock (_subscriptions)
        {
            positions = _positions;
            updates = _accountUpdates;
        }

        var contract = _server.Contracts.For(position.Symbol);
        if (positions)
            Send(TwsSimulatorMessages.Position(_server.Exchange.AccountId, position, contract));
        if (updates)
        {
            SendPayload(TwsSimulatorMessages.UpdatePortfolio(position, contract, _server.Exchange.AccountId));
            SendAccountValues(values());
        }
    }

    /// <summary>The P&amp;L timer: one pnl per subscription.</summary>
    public void OnPnL(decimal daily, decimal unrealized, decimal realized)
    {
        lock (_subscriptions)
        {
            foreach (var reqId in _pnl)
                Send(new PnLMessage(reqId, daily, unrealized, realized));
        }
    }

    /// <summary>The account timer: account summaries and values again, as TWS does every 3 minutes.</summary>
    public void OnAccountTimer(PaperAccountValues values, DateTimeOffset now)
    {
        KeyValuePair<int, string>[] summaries;
        bool updates;
        lock (_subscriptions)
        {
            summaries = [.. _accountSummaries];
            updates = _accountUpdates;
        }

        foreach (var (reqId, tags) in summaries)
            SendAccountSummary(reqId, tags, values);
        if (updates)
        {
            SendAccountValues(values);
            SendPayload(TwsSimulatorMessages.UpdateAccountTime(now));
        }
    }

    private void Remove<T>(Dictionary<int, T> subscriptions, int reqId)
    {
        lock (_subscriptions)
            subscriptions.Remove(reqId);
    }

    private void Refuse(int id, int code, string message)
    {
        TwsLog.RequestRefused(_logger, ClientId, code, message);
        SendError(id, code, message);
    }

    /// <summary>For an error reply to a request that did not decode: the order id of a placeOrder or cancelOrder, else -1.</summary>
    private int PeekOrderId(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new TwsFieldReader(payload);
            var id = reader.ReadInt();
            if (id == TwsOutgoingMessageId.CancelOrder && ServerVersion < TwsServerVersions.CmeTagging)
                reader.Skip();
            return id is TwsOutgoingMessageId.PlaceOrder or TwsOutgoingMessageId.CancelOrder ? reader.ReadInt() : -1;
        }
        catch (TwsProtocolException)
        {
            return -1;
        }
    }

    private sealed class MarketDataSubscription(string symbol)
    {
        public string Symbol { get; } = symbol;

        public decimal? Bid { get; set; }

        public decimal? Ask { get; set; }

        public decimal? Last { get; set; }
    }
}
