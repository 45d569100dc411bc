using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Host.Web;

/// <summary>
/// Live updates for the dashboard (<c>GET /api/events</c>, Server-Sent Events): an <c>overview</c> event at once and then
/// whenever the engine publishes a new snapshot (at most one per <see cref="MinInterval"/>), a <c>ping</c> when quiet.
/// The page refetches its lists on each overview. Streams are few and bounded; each ends when its client goes or the host stops.
/// </summary>
public sealed class DashboardEvents(TradingEngine engine, TimeProvider time, IHostApplicationLifetime lifetime)
{
    /// <summary>Concurrent streams allowed (the dashboard is for a few people, not the public).</summary>
    public const int MaxStreams = 16;

    /// <summary>Minimum time between two overview events.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    /// <summary>A ping is sent after this long without an event (keeps proxies and the page's liveness check happy).</summary>
    public static readonly TimeSpan PingAfter = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int _open;

    /// <summary>Streams open now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Opens a stream for one request, or null when <see cref="MaxStreams"/> are already open.</summary>
    public IAsyncEnumerable<SseItem<string>>? TryOpen(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Interlocked.Increment(ref _open) > MaxStreams)
        {
            Interlocked.Decrement(ref _open);
            return null;
        }
        http.Response.OnCompleted(() =>
        {
            Interlocked.Decrement(ref _open);
            return Task.CompletedTask;
        });
        return Stream(http.RequestAborted);
    }

    private async IAsyncEnumerable<SseItem<string>> Stream([EnumeratorCancellation] CancellationToken requestAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var token = linked.Token;
        EngineSnapshot? sent = null;
        var lastEvent = DateTimeOffset.MinValue;
        while (!token.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var snapshot = engine.Snapshot;
            if (!ReferenceEquals(snapshot, sent) && now - lastEvent >= MinInterval)
            {
                sent = snapshot;
                lastEvent = now;
                var overview = DashboardOverview.From(snapshot, engine.Limits, engine.Options, now);
                yield return new SseItem<string>(JsonSerializer.Serialize(overview, Json), "overview");
            }
            else if (now - lastEvent >= PingAfter)
            {
                lastEvent = now;
                yield return new SseItem<string>("{}", "ping");
            }
            await Task.Delay(Poll, time, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
