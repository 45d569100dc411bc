using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tws.Client;

namespace ChatOpsTrader.Tests.Tws.Client;

public class TwsPacerTests
{
    private static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> times)
    {
        var max = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= TimeSpan.FromSeconds(1))
                start++;
            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    /// <summary>Sends greedily for <paramref name="duration"/>: whenever a lane allows, it sends; then the clock moves to the next possible moment.</summary>
    private static (List<DateTimeOffset> All, List<DateTimeOffset> Priority) Drive(ManualTimeProvider clock, TwsPacer pacer, TimeSpan duration, Func<DateTimeOffset, bool> wantsPriority, bool wantsNormal = true)
    {
        var all = new List<DateTimeOffset>();
        var priority = new List<DateTimeOffset>();
        var end = clock.GetUtcNow() + duration;
        while (clock.GetUtcNow() < end)
        {
            var now = clock.GetUtcNow();
            if (wantsPriority(now))
            {
                if (pacer.TryAcquire(TwsLane.Priority))
                {
                    all.Add(now);
                    priority.Add(now);
                    continue;
                }
            }
            else if (wantsNormal && pacer.TryAcquire(TwsLane.Normal))
            {
                all.Add(now);
                continue;
            }

            var wait = pacer.Delay(wantsPriority(now) ? TwsLane.Priority : TwsLane.Normal);
            clock.Advance(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
        }

        return (all, priority);
    }

    [Fact]
    public void Ordinary_traffic_runs_at_40_per_second_and_never_more_than_40_in_any_one_second_window()
    {
        var clock = new ManualTimeProvider();
        var pacer = new TwsPacer(clock);
        var (all, _) = Drive(clock, pacer, TimeSpan.FromSeconds(10), _ => false);

        Assert.InRange(MaxInAnyWindow(all), 36, 40);
        Assert.InRange(all.Count, 395, 405);
    }

    [Fact]
    public void Messages_leave_evenly_at_most_a_small_burst_at_one_instant()
    {
        var clock = new ManualTimeProvider();
        var pacer = new TwsPacer(clock, burst: 5);
        var (all, _) = Drive(clock, pacer, TimeSpan.FromSeconds(3), _ => false);

        Assert.True(all.GroupBy(t => t).Max(g => g.Count()) <= 5);
        // The bucket: in any 100 ms, at most the burst plus 100 ms worth at 40/s.
        for (var i = 0; i < all.Count; i++)
        {
            var inTenth = all.Skip(i).TakeWhile(t => t - all[i] < TimeSpan.FromMilliseconds(100)).Count();
            Assert.True(inTenth <= 9, $"{inTenth} messages within 100 ms from {all[i]:HH:mm:ss.fff}");
        }
    }

    [Fact]
    public void A_cancel_is_never_queued_behind_ordinary_requests_even_when_their_window_is_full()
    {
        var clock = new ManualTimeProvider();
        var pacer = new TwsPacer(clock);
        Drive(clock, pacer, TimeSpan.FromSeconds(2), _ => false);

        // Fill the ordinary window to its cap.
        while (pacer.SentInWindow < 40)
        {
            if (!pacer.TryAcquire(TwsLane.Normal))
                clock.Advance(pacer.Delay(TwsLane.Normal));
        }

        Assert.True(pacer.Delay(TwsLane.Normal) > TimeSpan.Zero, "ordinary requests must wait");
        Assert.Equal(TimeSpan.Zero, pacer.Delay(TwsLane.Priority));
        Assert.True(pacer.TryAcquire(TwsLane.Priority));
        for (var i = 0; i < 4; i++)
            Assert.True(pacer.TryAcquire(TwsLane.Priority), $"cancel {i + 2} of a halt's first burst");
    }

    [Fact]
    public void A_halt_flood_of_cancels_with_ordinary_traffic_keeps_every_window_at_45_or_less()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var pacer = new TwsPacer(clock);

        // Ordinary traffic all along; from 2 s to 6 s a halt wants to cancel as fast as it can.
        var (all, priority) = Drive(clock, pacer, TimeSpan.FromSeconds(8),
            now => now - start >= TimeSpan.FromSeconds(2) && now - start < TimeSpan.FromSeconds(6));

        Assert.True(MaxInAnyWindow(all) <= 45, $"max {MaxInAnyWindow(all)}");
        Assert.True(MaxInAnyWindow(all) < 50);
        // Cancels get the whole budget while they wait: about 45 per second for 4 s.
        Assert.InRange(priority.Count, 170, 185);
    }

    [Fact]
    public void Unpaced_messages_count_in_the_window()
    {
        var clock = new ManualTimeProvider();
        var pacer = new TwsPacer(clock, normalPerSecond: 2, totalPerSecond: 3, burst: 5);
        pacer.RecordUnpaced();
        pacer.RecordUnpaced();
        Assert.False(pacer.TryAcquire(TwsLane.Normal));
        Assert.True(pacer.TryAcquire(TwsLane.Priority));
        Assert.False(pacer.TryAcquire(TwsLane.Priority));
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Delay(TwsLane.Normal));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(pacer.TryAcquire(TwsLane.Normal));
    }

    [Theory]
    [InlineData(0, 45)]
    [InlineData(40, 39)]
    [InlineData(40, 50)]
    public void Limits_that_break_the_rule_are_refused(int normal, int total)
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new TwsPacer(new ManualTimeProvider(), normal, total));
    }
}
