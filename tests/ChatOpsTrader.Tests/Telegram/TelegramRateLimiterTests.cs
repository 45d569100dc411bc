using ChatOpsTrader.Chat.Telegram;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Telegram;

public class TelegramRateLimiterTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_private_chat_gets_a_short_burst_then_one_message_per_second()
    {
        var time = new ManualTimeProvider();
        var limiter = new TelegramRateLimiter(time);

        for (var i = 0; i < 3; i++)
            Assert.True(limiter.TryAcquire(42, out _));
        Assert.False(limiter.TryAcquire(42, out var wait));
        Assert.Equal(Second, wait);

        time.Advance(Second);
        Assert.True(limiter.TryAcquire(42, out _));
        Assert.False(limiter.TryAcquire(42, out wait));
        Assert.Equal(Second, wait);
        Assert.Equal(Second, limiter.DelayFor(42));
    }

    [Fact]
    public void A_refused_attempt_records_nothing()
    {
        var time = new ManualTimeProvider();
        var limiter = new TelegramRateLimiter(time);
        for (var i = 0; i < 3; i++)
            Assert.True(limiter.TryAcquire(42, out _));
        for (var i = 0; i < 10; i++)
            Assert.False(limiter.TryAcquire(42, out _));
        time.Advance(Second);
        Assert.True(limiter.TryAcquire(42, out _));
    }

    [Fact]
    public void A_group_gets_at_most_20_messages_in_any_minute()
    {
        var time = new ManualTimeProvider();
        var limiter = new TelegramRateLimiter(time);
        var start = time.GetUtcNow();
        var sent = new List<DateTimeOffset>();
        while (sent.Count < 20)
        {
            if (limiter.TryAcquire(-100123, out var wait))
                sent.Add(time.GetUtcNow());
            else
                time.Advance(wait);
        }

        Assert.Equal(start + TimeSpan.FromSeconds(17), sent[^1]);
        Assert.False(limiter.TryAcquire(-100123, out var groupWait));
        Assert.Equal(TimeSpan.FromSeconds(60 - 17), groupWait);
        Assert.True(limiter.TryAcquire(555, out _), "a private chat is not held up by the group");
    }

    [Fact]
    public void At_most_30_messages_a_second_go_out_overall()
    {
        var time = new ManualTimeProvider();
        var limiter = new TelegramRateLimiter(time);
        for (var chat = 1; chat <= 30; chat++)
            Assert.True(limiter.TryAcquire(chat, out _));

        Assert.False(limiter.TryAcquire(31, out var wait));
        Assert.Equal(Second, wait);
        time.Advance(Second);
        Assert.True(limiter.TryAcquire(31, out _));
    }

    [Fact]
    public void After_a_429_nothing_goes_out_to_any_chat_before_retry_after_has_passed()
    {
        var time = new ManualTimeProvider();
        var limiter = new TelegramRateLimiter(time);
        limiter.Pause(TimeSpan.FromSeconds(7));

        Assert.False(limiter.TryAcquire(1, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(7), wait);
        Assert.False(limiter.TryAcquire(-2, out _));
        time.Advance(TimeSpan.FromSeconds(7));
        Assert.True(limiter.TryAcquire(1, out _));
        Assert.True(limiter.TryAcquire(-2, out _));
    }

    [Fact]
    public void A_scaled_configuration_keeps_the_same_shape()
    {
        var limits = TelegramRateLimits.Default.Scaled(0.01);
        Assert.Equal(TimeSpan.FromMilliseconds(10), limits.PerChatInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(600), limits.GroupWindow);
        Assert.Equal(TimeSpan.FromMilliseconds(10), limits.GlobalWindow);
        Assert.Equal(3, limits.PerChatBurst);
    }

    [Fact]
    public void A_thousand_messages_to_one_chat_amid_other_traffic_stay_within_every_limit_and_all_go_out()
    {
        var time = new ManualTimeProvider();
        var limiter = new TelegramRateLimiter(time);
        var start = time.GetUtcNow();
        var random = new Random(7);
        var chats = new long[] { 42, 7, 8, 9, -1001, -1002 }.Concat(Enumerable.Range(100, 40).Select(i => (long)i)).ToArray();
        var backlog = chats.ToDictionary(c => c, c => c == 42 ? 1000 : random.Next(0, 60));
        var log = chats.ToDictionary(c => c, _ => new List<DateTimeOffset>());
        var all = new List<DateTimeOffset>();

        while (backlog.Values.Any(n => n > 0))
        {
            var next = TimeSpan.MaxValue;
            foreach (var chat in chats.OrderBy(_ => random.Next()))
            {
                if (backlog[chat] == 0)
                    continue;
                if (limiter.TryAcquire(chat, out var wait))
                {
                    backlog[chat]--;
                    log[chat].Add(time.GetUtcNow());
                    all.Add(time.GetUtcNow());
                    next = TimeSpan.Zero;
                }
                else if (wait < next)
                {
                    next = wait;
                }
            }
            if (next > TimeSpan.Zero)
                time.Advance(next);
        }

        Assert.Equal(1000, log[42].Count);
        // 997 s at best (a burst of 3, then one a second); the overall limit may cost chat 42 a few slots at the start.
        Assert.InRange(log[42][^1] - start, TimeSpan.FromSeconds(997), TimeSpan.FromSeconds(1005));
        Assert.True(MaxInWindow(all, Second) <= 30);
        foreach (var chat in chats)
        {
            // One a second on average: never more than the burst plus one per second in any window.
            Assert.True(MaxInWindow(log[chat], TimeSpan.FromSeconds(10)) <= 3 + 10, $"chat {chat}");
            if (chat < 0)
                Assert.True(MaxInWindow(log[chat], TimeSpan.FromMinutes(1)) <= 20, $"group {chat}");
        }
    }

    /// <summary>The most sends in any half-open window (t - length, t].</summary>
    private static int MaxInWindow(List<DateTimeOffset> times, TimeSpan length)
    {
        var sorted = times.Order().ToList();
        var max = 0;
        var first = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            while (sorted[first] <= sorted[i] - length)
                first++;
            max = Math.Max(max, i - first + 1);
        }
        return max;
    }
}
