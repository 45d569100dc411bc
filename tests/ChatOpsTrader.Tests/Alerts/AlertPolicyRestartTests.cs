using ChatOpsTrader.Core.Alerts;
using static ChatOpsTrader.Tests.Alerts.AlertTestData;

namespace ChatOpsTrader.Tests.Alerts;

public class AlertPolicyRestartTests
{
    [Fact]
    public void Every_dispatch_names_the_raised_alerts_it_carries()
    {
        var policy = Policy();
        var alerts = Enumerable.Range(0, 5).Select(i => Rejection("AAPL", T0.AddSeconds(i))).ToList();
        var sent = alerts.SelectMany(a => policy.Raise(a, a.Time)).ToList();
        sent.AddRange(policy.Tick(T0.AddMinutes(2)));

        var telegram = sent.On("telegram");
        Assert.Equal([alerts[0].Id], telegram[0].AlertIds);
        Assert.Equal(alerts.Skip(1).Select(a => a.Id), telegram[1].AlertIds);
    }

    [Fact]
    public void Alerts_still_folded_when_the_process_dies_are_raised_again_after_the_restart_and_keep_their_time()
    {
        // Before the crash: the outbox holds every raised alert; delivered dispatches mark theirs done.
        var outbox = new Dictionary<string, Alert>();
        var before = Policy();
        for (var i = 0; i < 10; i++)
        {
            var alert = Rejection("AAPL", T0.AddSeconds(i), $"reason {i}");
            outbox[alert.Id] = alert;
            foreach (var d in before.Raise(alert, alert.Time).On("telegram"))
            {
                foreach (var id in d.AlertIds)
                    outbox.Remove(id);
            }
        }
        Assert.Equal(9, outbox.Count);

        // The process dies before the window closes. After the restart a new policy gets what the outbox still holds.
        var restart = T0.AddMinutes(30);
        var after = Policy();
        var sent = outbox.Values.OrderBy(a => a.Time).SelectMany(a => after.Raise(a, restart)).ToList();
        sent.AddRange(after.Tick(restart.AddMinutes(2)));

        var telegram = sent.On("telegram");
        Assert.Equal(9, telegram.Total());
        Assert.Equal(outbox.Keys.Order(), telegram.SelectMany(d => d.AlertIds).Order());
        Assert.Equal(T0.AddSeconds(1), telegram[0].Alert.Time);
        Assert.Equal("8 more rejections for AAPL in 8 s", telegram[1].Alert.Title);
        Assert.Contains("reason 9", telegram[1].Alert.Text, StringComparison.Ordinal);
    }
}
