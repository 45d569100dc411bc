using ChatOpsTrader.Core.Alerts;
using static ChatOpsTrader.Tests.Alerts.AlertTestData;

namespace ChatOpsTrader.Tests.Alerts;

public class AlertPolicyStormTests
{
    [Fact]
    public void A_storm_of_10000_rejections_in_10_seconds_is_a_handful_of_messages_per_channel_and_nothing_is_lost()
    {
        var policy = Policy();
        string[] symbols = ["AAPL", "MSFT", "TSLA", "NVDA"];
        var sent = new List<AlertDispatch>();
        var raised = new HashSet<string>();
        List<AlertDispatch>? haltSent = null;
        for (var i = 0; i < 10_000; i++)
        {
            var at = T0.AddMilliseconds(i);
            var rejection = Rejection(symbols[i % symbols.Length], at, $"reason {i}");
            raised.Add(rejection.Id);
            sent.AddRange(policy.Raise(rejection, at));
            if (i % 1000 == 0)
                sent.AddRange(policy.Tick(at));
            if (i == 5_000)
            {
                haltSent = [.. policy.Raise(KillSwitch(at), at)];
                sent.AddRange(haltSent);
            }
        }
        policy.Acknowledge("kill-switch", T0.AddSeconds(11));
        sent.AddRange(policy.TickThrough(T0.AddSeconds(10), T0.AddMinutes(10), TimeSpan.FromSeconds(1)));

        Assert.NotNull(haltSent);
        Assert.Equal(["telegram", "discord", "log"], haltSent.Select(d => d.Channel));
        Assert.All(haltSent, d => Assert.Equal("kill-switch", d.Alert.Key));
        foreach (var channel in new[] { "telegram", "discord", "log" })
        {
            var rejections = sent.On(channel).Where(d => d.Alert.Key != "kill-switch").ToList();
            Assert.InRange(rejections.Count, 1, 10);
            Assert.Equal(10_000, rejections.Total());
            Assert.True(raised.SetEquals(rejections.SelectMany(d => d.AlertIds)));
        }
        var last = sent.On("telegram").Last(d => d.Alert.Key == "reject:NVDA");
        Assert.Equal("2499 more rejections for NVDA in 10 s", last.Alert.Title);
        Assert.Contains("reason 9999", last.Alert.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storm_across_50_symbols_is_folded_into_digests_by_the_rate_limit_and_nothing_is_lost()
    {
        var policy = Policy();
        var sent = new List<AlertDispatch>();
        var haltAt = T0.AddSeconds(5);
        List<AlertDispatch>? haltSent = null;
        for (var i = 0; i < 10_000; i++)
        {
            var at = T0.AddMilliseconds(i);
            sent.AddRange(policy.Raise(Rejection($"S{i % 50:D2}", at), at));
            if (i % 100 == 0)
                sent.AddRange(policy.Tick(at));
            if (at == haltAt)
            {
                haltSent = [.. policy.Raise(KillSwitch(at), at)];
                sent.AddRange(haltSent);
            }
        }
        policy.Acknowledge("kill-switch", T0.AddSeconds(10));
        sent.AddRange(policy.TickThrough(T0.AddSeconds(10), T0.AddMinutes(10), TimeSpan.FromSeconds(1)));

        Assert.Equal(3, haltSent!.Count);
        foreach (var channel in PhoneChannels)
        {
            var rejections = sent.On(channel).Where(d => d.Alert.Key != "kill-switch").ToList();
            Assert.InRange(rejections.Count, 2, 15);
            Assert.Equal(10_000, rejections.Total());
            Assert.Contains(rejections, d => d.Alert.Key == AlertKeys.Digest);
        }
        // A digest of 45 kinds lists the 15 worst and counts the rest, so a phone gets a readable message.
        var big = sent.On("telegram").First(d => d.Alert.Key == AlertKeys.Digest && d.AggregatedCount == 45);
        Assert.Equal(16, big.Alert.Text.Split('\n').Length);
        Assert.EndsWith("… and 30 more kinds (30 alerts): see /incidents and the log.", big.Alert.Text, StringComparison.Ordinal);
        Assert.Equal(10_000, sent.On("log").Where(d => d.Alert.Key != "kill-switch").Total());
        Assert.Equal(0, policy.HeldCount("telegram"));
        Assert.Equal(0, policy.FoldedCount);
    }
}
