using System.Globalization;
using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Simulator.Demo;

/// <summary>
/// The "demo" strategy: every few seconds it opens a small bracketed position (1–5 shares, take-profit and
/// stop-loss 0.3–0.6% away) in a flat symbol, so a new user sees positions, winners and losers within a minute.
/// Every eighth decision it deliberately sends an order the safety core should refuse (oversized ⇒ max-position,
/// or a repeat of its last order ⇒ duplicate), so a pre-flight rejection shows up too. Trades only through
/// <see cref="IOrderGate"/>; never throws out of its timer.
/// </summary>
public sealed class DemoStrategy : IHostedService, IAsyncDisposable
{
    /// <summary>The strategy name on every intent.</summary>
    public const string StrategyName = "demo";

    private static readonly PreflightRule[] StateRules =
        [PreflightRule.Halted, PreflightRule.ClosingOnly, PreflightRule.StrategyPaused, PreflightRule.BrokerDisconnected, PreflightRule.DailyOrderCount];

    private readonly IOrderGate _gate;
    private readonly IMarketView _market;
    private readonly DemoStrategyOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private CancellationTokenSource? _stopping;
    private Task _running = Task.CompletedTask;
    private int _busy;

    // Decision state: touched only by one decision at a time (_busy).
    private long _decisions;
    private OrderIntent? _lastIntent;
    private DateTimeOffset _lastSentAt;
    private DateTimeOffset _pausedUntil;
    private bool _repeatNext;
    private PreflightRule _lastRefusal = PreflightRule.None;

    /// <summary>Creates the strategy.</summary>
    /// <param name="gate">The safety core's order gate.</param>
    /// <param name="market">Quotes, positions and working orders.</param>
    /// <param name="options">Settings (validated).</param>
    /// <param name="timeProvider">Clock and decision timer.</param>
    /// <param name="random">Source of every random choice.</param>
    /// <param name="logger">Logger, or null.</param>
    public DemoStrategy(IOrderGate gate, IMarketView market, DemoStrategyOptions options, TimeProvider timeProvider, Random random, ILogger<DemoStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        _gate = gate;
        _market = market;
        _options = options;
        _time = timeProvider;
        _random = random;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The strategy's name, "demo".</summary>
    public string Name => StrategyName;

    /// <summary>True between <see cref="StartAsync"/> and <see cref="StopAsync"/> when enabled.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
                return _timer is not null;
        }
    }

    /// <summary>Starts deciding every <see cref="DemoStrategyOptions.Interval"/> (does nothing when disabled; idempotent).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_options.Enabled)
        {
            Log.Demo(_logger, "disabled (set Demo__Enabled=true to trade the paper account)");
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            if (_timer is not null)
                return Task.CompletedTask;
            _stopping = new CancellationTokenSource();
            _timer = _time.CreateTimer(static s => ((DemoStrategy)s!).OnTimer(), this, _options.Interval, _options.Interval);
        }

        Log.Demo(_logger, $"trading {string.Join(", ", _options.Symbols)} every {_options.Interval.TotalSeconds:0.#} s");
        return Task.CompletedTask;
    }

    /// <summary>Stops the timer and waits for a decision in flight (its gate call is cancelled).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        ITimer? timer;
        CancellationTokenSource? stopping;
        Task running;
        lock (_lock)
        {
            timer = _timer;
            stopping = _stopping;
            running = _running;
            _timer = null;
            _stopping = null;
        }

        if (timer is null)
            return;
        timer.Dispose();
        await stopping!.CancelAsync();
        try
        {
            await running.WaitAsync(cancellationToken);
        }
        finally
        {
            stopping.Dispose();
        }

        Log.Demo(_logger, "stopped");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>
    /// One decision: maybe an entry, maybe a deliberately refused order, maybe nothing. Returns the gate's answer, or
    /// null when nothing was sent. Exceptions of the gate are logged, not thrown. Not to be called concurrently.
    /// </summary>
    internal async Task<OrderGateResult?> DecideAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now < _pausedUntil)
            return null;
        var n = ++_decisions;
        OrderIntent? intent = null;
        var deliberate = false;
        // The first refusal comes early (third decision) so that a new user sees one within the first minute.
        if (_options.RejectDemoEvery > 0 && (n == 3 || n % _options.RejectDemoEvery == 0))
        {
            intent = DeliberateIntent(now, n);
            deliberate = intent is not null;
        }

        intent ??= EntryIntent(now, n);
        if (intent is null)
        {
            Log.DemoDebug(_logger, "no flat symbol with a fresh quote; waiting");
            return null;
        }

        OrderGateResult result;
        try
        {
            result = await _gate.SubmitAsync(intent, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.DemoFailed(_logger, ex);
            return null;
        }

        Report(intent, result, deliberate, now);
        return result;
    }

    private void OnTimer()
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            return; // the previous decision is still waiting for the gate
        CancellationToken token;
        lock (_lock)
        {
            if (_stopping is null)
            {
                Volatile.Write(ref _busy, 0);
                return;
            }

            token = _stopping.Token;
            _running = RunGuardedAsync(token);
        }
    }

    private async Task RunGuardedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DecideAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.DemoFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private OrderIntent? EntryIntent(DateTimeOffset now, long n)
    {
        var flat = _options.Symbols
            .Where(s => _market.PositionQuantity(s) == 0 && _market.WorkingOrderCount(s) == 0)
            .Select(s => (Ok: TryFreshQuote(s, now, out var q), Quote: q))
            .Where(x => x.Ok)
            .Select(x => x.Quote)
            .ToList();
        if (flat.Count == 0)
            return null;
        var quote = flat[_random.Next(flat.Count)];
        var quantity = _random.Next(_options.MinQuantity, _options.MaxQuantity + 1);
        return Bracketed(quote, _random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell, quantity, now, n);
    }

    /// <summary>Alternates a repeat of the last order (duplicate / symbol-rate) with an oversized order (max-position).</summary>
    private OrderIntent? DeliberateIntent(DateTimeOffset now, long n)
    {
        _repeatNext = !_repeatNext;
        if (_repeatNext && _lastIntent is { } last && now - _lastSentAt <= _options.RepeatWithin)
        {
            // Same content, new key: a retry with the same key would only replay the first answer.
            _lastIntent = null; // never repeat twice: identical orders count towards the runaway halt
            return last with { IdempotencyKey = NewKey(now, n) };
        }

        var candidates = _options.Symbols
            .Where(s => _market.PositionQuantity(s) == 0)
            .Select(s => (Ok: TryFreshQuote(s, now, out var q), Quote: q))
            .Where(x => x.Ok)
            .Select(x => x.Quote)
            .ToList();
        if (candidates.Count == 0)
            return null;

        // Bracketed like any entry, so it stays protected should a permissive configuration accept it.
        var quote = candidates[_random.Next(candidates.Count)];
        return Bracketed(quote, _random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell, _options.OversizedQuantity, now, n);
    }

    private OrderIntent Bracketed(Quote quote, OrderSide side, int quantity, DateTimeOffset now, long n)
    {
        var entry = side == OrderSide.Buy ? quote.Ask : quote.Bid;
        var profit = Percent() / 100m;
        var loss = Percent() / 100m;
        var sign = side.Sign();
        var takeProfit = Math.Round(entry * (1 + (sign * profit)), 2, MidpointRounding.AwayFromZero);
        var stopLoss = Math.Round(entry * (1 - (sign * loss)), 2, MidpointRounding.AwayFromZero);
        return new OrderIntent(NewKey(now, n), StrategyName, quote.Symbol, side, quantity, OrderType.Market, TakeProfit: takeProfit, StopLoss: stopLoss);

        decimal Percent()
        {
            var span = _options.MaxBracketPercent - _options.MinBracketPercent;
            return _options.MinBracketPercent + Math.Round(span * (decimal)_random.NextDouble(), 3);
        }
    }

    private bool TryFreshQuote(string symbol, DateTimeOffset now, out Quote quote) =>
        _market.TryGetQuote(symbol, out quote) && quote.Bid > 0 && quote.Ask > 0 && now - quote.Time <= _options.MaxQuoteAge;

    private string NewKey(DateTimeOffset now, long n) =>
        string.Create(CultureInfo.InvariantCulture, $"demo-{now.UtcDateTime:yyyyMMddHHmmss}-{n}-{_random.Next(0x1000000):x6}");

    private void Report(OrderIntent intent, OrderGateResult result, bool deliberate, DateTimeOffset now)
    {
        var what = $"{intent.Side} {intent.Quantity} {intent.Symbol} (TP {intent.TakeProfit}, SL {intent.StopLoss})";
        if (deliberate)
        {
            Log.Demo(_logger, result.Accepted
                ? $"a deliberately refusable order was ACCEPTED: {what}, order {result.BrokerOrderId}; are the limits looser than the seeds?"
                : $"refused as intended ({result.Rule.Name()}): {result.Message}");
            return;
        }

        if (result.Accepted)
        {
            _lastIntent = intent;
            _lastSentAt = now;
            _lastRefusal = PreflightRule.None;
            Log.Demo(_logger, $"opened {what}, order {result.BrokerOrderId}");
            return;
        }

        if (Array.IndexOf(StateRules, result.Rule) >= 0)
            _pausedUntil = now + _options.BackoffAfterStateRefusal;
        var message = $"refused ({result.Rule.Name()}): {result.Message}";
        if (result.Rule == _lastRefusal)
            Log.DemoDebug(_logger, message);
        else
            Log.Demo(_logger, message);
        _lastRefusal = result.Rule;
    }
}
