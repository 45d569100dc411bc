using System.Collections.Concurrent;
using System.Globalization;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Tests.Chaos;

/// <summary>
/// A strategy that never stops: a market order (1–3 shares, random symbol and side) every 40 ms through the engine's
/// order gate, whatever the broker's state, counting what was accepted and what was refused by which rule.
/// </summary>
internal sealed class ChaosStrategy : IAsyncDisposable
{
    private readonly TradingEngine _engine;
    private readonly IReadOnlyList<string> _symbols;
    private readonly Random _random;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly Task _loop;
    private int _accepted;
    private int _refused;
    private bool _disposed;

    public ChaosStrategy(TradingEngine engine, IReadOnlyList<string> symbols, int seed)
    {
        _engine = engine;
        _symbols = symbols;
        _random = new Random(seed + 1);
        _loop = Task.Run(LoopAsync);
    }

    public int Accepted => Volatile.Read(ref _accepted);

    public int Refused => Volatile.Read(ref _refused);

    public ConcurrentDictionary<string, int> RefusedByRule { get; } = new(StringComparer.Ordinal);

    /// <summary>Stops sending after the order in flight is decided.</summary>
    public Task PauseAsync() => _running.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => Assert.True(t.Result, "the strategy's order in flight was not decided within 10 s"), TaskScheduler.Default);

    /// <summary>Sends again.</summary>
    public void Resume() => _running.Release();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var n = 0;
        while (!_stop.IsCancellationRequested)
        {
            await _running.WaitAsync(_stop.Token);
            try
            {
                var intent = new OrderIntent(
                    string.Create(CultureInfo.InvariantCulture, $"chaos-{n++}"), "chaos", _symbols[_random.Next(_symbols.Count)],
                    _random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell, _random.Next(1, 4), OrderType.Market, null, null, null, null, OrderOrigin.Api);
                var result = await _engine.SubmitAsync(intent, _stop.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10), _stop.Token);
                if (result.Accepted)
                {
                    Interlocked.Increment(ref _accepted);
                }
                else
                {
                    Interlocked.Increment(ref _refused);
                    RefusedByRule.AddOrUpdate(result.Rule == PreflightRule.None ? "broker-unreachable" : PreflightRuleNames.Name(result.Rule), 1, (_, c) => c + 1);
                }
            }
            finally
            {
                _running.Release();
            }

            await Task.Delay(40, _stop.Token);
        }
    }
}
