using System.Globalization;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>
/// Client-side REST rate limiting. Two layers:
/// <list type="bullet">
/// <item>Per bucket: requests of one bucket go one at a time; the state comes from the last response's
/// <c>X-RateLimit-Bucket/Limit/Remaining/Reset-After</c> headers, and when nothing remains the next request waits
/// for the reset. Routes are keyed by template plus major parameter (channel, guild, webhook/interaction); once
/// Discord names a route's bucket, routes sharing it share the state.</item>
/// <item>Global: at most N requests in any window of one second over all routes, counting a request from when it
/// is sent until its response arrived (so the server can never see more than N in a second). Interaction
/// responses may use the whole budget; other traffic leaves a tenth of it free for them.</item>
/// </list>
/// A 429 blocks its bucket (or, with <c>global</c>, every request) for <c>retry_after</c>. Waits use the
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed class DiscordRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan IdleBucket = TimeSpan.FromMinutes(10);
    private readonly TimeProvider _time;
    private readonly int _globalLimit;
    private readonly int _reserved;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Bucket> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly LinkedList<Slot> _slots = new();
    private DateTimeOffset _globalBlockedUntil = DateTimeOffset.MinValue;
    private TaskCompletionSource _slotFreed = NewSignal();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public DiscordRateLimiter(TimeProvider time, int globalRequestsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(globalRequestsPerSecond, 1);
        _time = time;
        _globalLimit = globalRequestsPerSecond;
        _reserved = globalRequestsPerSecond >= 10 ? globalRequestsPerSecond / 10 : 0;
    }

    /// <summary>Requests sent and not yet answered, plus those answered within the last second.</summary>
    public int GlobalInUse
    {
        get
        {
            lock (_lock)
            {
                Prune(_time.GetUtcNow());
                return _slots.Count;
            }
        }
    }

    /// <summary>Routes currently tracked (each interaction and webhook token is its own route; idle ones are dropped).</summary>
    public int RouteCount
    {
        get
        {
            lock (_lock)
                return _routes.Count;
        }
    }

    /// <summary>Waits until a request on <paramref name="routeKey"/> may be sent. Dispose of the lease after the response.</summary>
    public async Task<Lease> AcquireAsync(string routeKey, bool interaction, CancellationToken cancellationToken)
    {
        Bucket bucket;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (now - _lastSweep > IdleBucket)
                Sweep(now);
            if (!_routes.TryGetValue(routeKey, out bucket!))
            {
                bucket = new Bucket();
                _routes[routeKey] = bucket;
            }
            bucket.LastUsed = now;
        }
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var wait = bucket.WaitTime(_time.GetUtcNow());
                if (wait <= TimeSpan.Zero)
                    break;
                await Task.Delay(wait, _time, cancellationToken);
            }
            var slot = await AcquireGlobalAsync(interaction, cancellationToken);
            return new Lease(this, routeKey, bucket, slot);
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }
    }

    private async Task<Slot> AcquireGlobalAsync(bool interaction, CancellationToken cancellationToken)
    {
        var limit = interaction ? _globalLimit : _globalLimit - _reserved;
        while (true)
        {
            TimeSpan wait;
            Task freed;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                Prune(now);
                if (now < _globalBlockedUntil)
                {
                    wait = _globalBlockedUntil - now;
                }
                else if (_slots.Count < limit)
                {
                    var slot = new Slot();
                    _slots.AddLast(slot);
                    return slot;
                }
                else
                {
                    // The oldest answered request leaves the window first; in-flight ones free a slot when answered.
                    var oldest = _slots.Where(s => s.Done is not null).Select(s => s.Done!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
                    wait = oldest == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : oldest + Window - now;
                }
                freed = _slotFreed.Task;
            }
            if (wait == Timeout.InfiniteTimeSpan)
                await freed.WaitAsync(cancellationToken);
            else if (wait > TimeSpan.Zero)
                await Task.WhenAny(freed, Task.Delay(wait, _time, cancellationToken)).Unwrap();
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        // Interaction and webhook routes are used once or twice: forget buckets idle for a while (their windows reset long ago).
        _lastSweep = now;
        foreach (var (key, bucket) in _routes.Where(kv => now - kv.Value.LastUsed > IdleBucket && kv.Value.Gate.CurrentCount == 1).ToList())
            _routes.Remove(key);
        foreach (var (key, _) in _buckets.Where(kv => now - kv.Value.LastUsed > IdleBucket && kv.Value.Gate.CurrentCount == 1).ToList())
            _buckets.Remove(key);
    }

    private void Prune(DateTimeOffset now)
    {
        // Remove answered requests older than the window (slots are not ordered by answer time: check all).
        var node = _slots.First;
        while (node is not null)
        {
            var next = node.Next;
            if (node.Value.Done is { } done && done + Window <= now)
                _slots.Remove(node);
            node = next;
        }
    }

    private void Complete(string routeKey, Bucket bucket, Slot slot, RateLimitInfo? info)
    {
        var now = _time.GetUtcNow();
        TaskCompletionSource signal;
        lock (_lock)
        {
            slot.Done = now;
            if (info is { } i)
            {
                // Once Discord names the bucket, routes in it (for the same major parameter) share one state.
                var target = i.Bucket is null ? bucket : Share(routeKey, bucket, i.Bucket);
                if (i.Is429)
                {
                    var until = now + i.RetryAfter;
                    if (i.Global)
                    {
                        if (until > _globalBlockedUntil)
                            _globalBlockedUntil = until;
                    }
                    else
                    {
                        bucket.Block(until);
                        target.Block(until);
                    }
                }
                else if (i.Bucket is not null)
                {
                    target.Update(i, now);
                }
            }
            signal = _slotFreed;
            _slotFreed = NewSignal();
        }
        signal.TrySetResult();
    }

    private Bucket Share(string routeKey, Bucket bucket, string hash)
    {
        var major = routeKey[(routeKey.IndexOf('|', StringComparison.Ordinal) + 1)..];
        var key = hash + "|" + major;
        if (!_buckets.TryGetValue(key, out var shared))
        {
            _buckets[key] = bucket;
            return bucket;
        }
        _routes[routeKey] = shared;
        return shared;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What a response said about limits.</summary>
    /// <param name="Bucket">The <c>X-RateLimit-Bucket</c> hash.</param>
    /// <param name="Limit">The bucket's size.</param>
    /// <param name="Remaining">Requests left in this window.</param>
    /// <param name="ResetAfter">Until the window resets.</param>
    /// <param name="Is429">True for a 429.</param>
    /// <param name="RetryAfter">For a 429: how long to wait.</param>
    /// <param name="Global">For a 429: every route is blocked.</param>
    public readonly record struct RateLimitInfo(string? Bucket, int? Limit, int? Remaining, TimeSpan? ResetAfter, bool Is429, TimeSpan RetryAfter, bool Global)
    {
        /// <summary>Reads the headers of a response (a 429's body is read by the caller).</summary>
        public static RateLimitInfo FromHeaders(HttpResponseMessage response)
        {
            ArgumentNullException.ThrowIfNull(response);
            static string? Header(HttpResponseMessage r, string name) => r.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;
            var bucket = Header(response, "X-RateLimit-Bucket");
            int? limit = int.TryParse(Header(response, "X-RateLimit-Limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
            int? remaining = int.TryParse(Header(response, "X-RateLimit-Remaining"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null;
            TimeSpan? resetAfter = double.TryParse(Header(response, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s < 86_400
                ? TimeSpan.FromSeconds(s)
                : null;
            var global = string.Equals(Header(response, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase);
            var retryAfter = double.TryParse(Header(response, "Retry-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var ra) && ra >= 0 && ra < 86_400
                ? TimeSpan.FromSeconds(ra)
                : TimeSpan.Zero;
            return new RateLimitInfo(bucket, limit, remaining, resetAfter, (int)response.StatusCode == 429, retryAfter, global);
        }
    }

    /// <summary>Permission to send one request; dispose of it (with what the response said) when it is answered.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly DiscordRateLimiter _owner;
        private readonly string _routeKey;
        private readonly Bucket _bucket;
        private readonly Slot _slot;
        private RateLimitInfo? _info;
        private int _disposed;

        internal Lease(DiscordRateLimiter owner, string routeKey, Bucket bucket, Slot slot)
        {
            _owner = owner;
            _routeKey = routeKey;
            _bucket = bucket;
            _slot = slot;
        }

        /// <summary>Records what the response said; applied on dispose.</summary>
        public void Observe(RateLimitInfo info) => _info = info;

        /// <inheritdoc />
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            _owner.Complete(_routeKey, _bucket, _slot, _info);
            _bucket.Gate.Release();
        }
    }

    internal sealed class Slot
    {
        public DateTimeOffset? Done { get; set; }
    }

    internal sealed class Bucket
    {
        private readonly Lock _lock = new();
        private int? _remaining;
        private DateTimeOffset _resetAt = DateTimeOffset.MinValue;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset LastUsed { get; set; }

        public TimeSpan WaitTime(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (_remaining is 0 && now < _resetAt)
                    return _resetAt - now;
                return TimeSpan.Zero;
            }
        }

        public void Update(RateLimitInfo info, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (info.Remaining is { } remaining)
                    _remaining = remaining;
                if (info.ResetAfter is { } after)
                    _resetAt = now + after;
            }
        }

        public void Block(DateTimeOffset until)
        {
            lock (_lock)
            {
                _remaining = 0;
                if (until > _resetAt)
                    _resetAt = until;
            }
        }
    }
}
