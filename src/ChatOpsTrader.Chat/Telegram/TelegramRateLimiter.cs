namespace ChatOpsTrader.Chat.Telegram;

/// <summary>
/// Telegram's sending limits (approximate, from the bot FAQ): about one message per second per chat with short bursts
/// tolerated, at most 20 messages per minute into a group, about 30 messages per second overall.
/// </summary>
/// <param name="PerChatInterval">One message per this interval per chat, on average.</param>
/// <param name="PerChatBurst">Messages a quiet chat may receive at once.</param>
/// <param name="GroupWindow">The group window (one minute).</param>
/// <param name="GroupMaxPerWindow">Messages per group window into one group (negative chat id).</param>
/// <param name="GlobalWindow">The overall window (one second).</param>
/// <param name="GlobalMaxPerWindow">Messages per overall window.</param>
public sealed record TelegramRateLimits(TimeSpan PerChatInterval, int PerChatBurst, TimeSpan GroupWindow, int GroupMaxPerWindow, TimeSpan GlobalWindow, int GlobalMaxPerWindow)
{
    /// <summary>The Bot API's limits: 1/s per chat (bursts of 3), 20/min per group, 30/s overall.</summary>
    public static TelegramRateLimits Default { get; } = new(TimeSpan.FromSeconds(1), 3, TimeSpan.FromMinutes(1), 20, TimeSpan.FromSeconds(1), 30);

    /// <summary>The same limits with every duration multiplied by <paramref name="factor"/> (tests and self-hosted servers).</summary>
    public TelegramRateLimits Scaled(double factor) => this with
    {
        PerChatInterval = PerChatInterval * factor,
        GroupWindow = GroupWindow * factor,
        GlobalWindow = GlobalWindow * factor,
    };
}

/// <summary>
/// Decides when the next message may go, under every limit at once. Pure apart from the clock: it never waits
/// itself; <see cref="TryAcquire"/> either takes a slot now or says how long to wait. Only past sends are recorded,
/// so a chat waiting for its own slot never holds up another chat. Thread-safe.
/// </summary>
public sealed class TelegramRateLimiter
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, ChatState> _chats = [];
    private readonly Queue<DateTimeOffset> _global = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    /// <summary>Creates the limiter.</summary>
    public TelegramRateLimiter(TimeProvider timeProvider, TelegramRateLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        Limits = limits ?? TelegramRateLimits.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(Limits.PerChatBurst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Limits.GroupMaxPerWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Limits.GlobalMaxPerWindow, 1);
    }

    /// <summary>The limits in force.</summary>
    public TelegramRateLimits Limits { get; }

    /// <summary>True for a group or supergroup (negative ids).</summary>
    public static bool IsGroup(long chatId) => chatId < 0;

    /// <summary>
    /// Takes a slot for one message to <paramref name="chatId"/> now and returns true, or returns false with how long
    /// to wait before asking again (nothing is recorded then).
    /// </summary>
    public bool TryAcquire(long chatId, out TimeSpan wait)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var earliest = EarliestLocked(chatId, now, out var chat);
            if (earliest > now)
            {
                wait = earliest - now;
                return false;
            }
            var interval = Limits.PerChatInterval;
            chat.Tat = (chat.Tat is { } tat && tat > now ? tat : now) + interval;
            if (IsGroup(chatId))
            {
                chat.Window.Enqueue(now);
                while (chat.Window.Count > Limits.GroupMaxPerWindow)
                    chat.Window.Dequeue();
            }
            _global.Enqueue(now);
            while (_global.Count > Limits.GlobalMaxPerWindow)
                _global.Dequeue();
            wait = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>How long until a message to <paramref name="chatId"/> could go (zero: now). Records nothing.</summary>
    public TimeSpan DelayFor(long chatId)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var earliest = EarliestLocked(chatId, now, out _);
            return earliest > now ? earliest - now : TimeSpan.Zero;
        }
    }

    /// <summary>After a 429: Telegram blocks every call from the bot for <paramref name="retryAfter"/>, so nothing goes before it passes.</summary>
    public void Pause(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var until = _time.GetUtcNow() + retryAfter;
            if (until > _pausedUntil)
                _pausedUntil = until;
        }
    }

    /// <summary>When the pause after a 429 ends (in the past when not paused).</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_lock)
                return _pausedUntil;
        }
    }

    /// <summary>Waits for a slot and takes it.</summary>
    public async Task AcquireAsync(long chatId, CancellationToken cancellationToken)
    {
        while (!TryAcquire(chatId, out var wait))
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, cancellationToken);
    }

    private DateTimeOffset EarliestLocked(long chatId, DateTimeOffset now, out ChatState chat)
    {
        if (!_chats.TryGetValue(chatId, out chat!))
        {
            chat = new ChatState();
            _chats[chatId] = chat;
        }
        var earliest = now;
        if (_pausedUntil > earliest)
            earliest = _pausedUntil;

        // Per chat: a generic cell rate (one per interval, bursts of PerChatBurst).
        var tolerance = Limits.PerChatInterval * (Limits.PerChatBurst - 1);
        if (chat.Tat is { } tat && tat - tolerance > earliest)
            earliest = tat - tolerance;

        // Per group: at most N in any window (a sliding log of the last N sends).
        if (IsGroup(chatId) && chat.Window.Count >= Limits.GroupMaxPerWindow)
        {
            var groupReady = chat.Window.Peek() + Limits.GroupWindow;
            if (groupReady > earliest)
                earliest = groupReady;
        }

        // Overall: at most N in any window.
        if (_global.Count >= Limits.GlobalMaxPerWindow)
        {
            var globalReady = _global.Peek() + Limits.GlobalWindow;
            if (globalReady > earliest)
                earliest = globalReady;
        }
        return earliest;
    }

    private sealed class ChatState
    {
        public DateTimeOffset? Tat { get; set; }

        public Queue<DateTimeOffset> Window { get; } = new();
    }
}
