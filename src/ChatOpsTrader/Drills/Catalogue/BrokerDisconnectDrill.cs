using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Host.Drills.Catalogue;

/// <summary>
/// Seeds, connection loss: "TWS goes away: stop sending, say so, reconnect, resync and reconcile before trading again;
/// IB's own connectivity (1100/1101/1102) is treated the same way".
/// </summary>
public sealed class BrokerDisconnectDrill : Drill
{
    /// <inheritdoc />
    public override string Name => "broker-disconnect";

    /// <inheritdoc />
    public override string Injects => "TWS drops every connection and refuses new ones for 3 s; later IB connectivity is lost (1100) and restored with data lost (1101)";

    /// <inheritdoc />
    public override string Expected => "the bot sees the drop at once, refuses entries while down, raises one connection alert (not a storm), reconnects and resyncs within 2 s of TWS accepting again, reconciles clean, and does the same for 1100/1101";

    /// <inheritdoc />
    public override TimeSpan TimeLimit => TimeSpan.FromSeconds(90);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings => DrillDefaults.Trading;

    /// <inheritdoc />
    public override async Task RunAsync(DrillSession session)
    {
        await session.WaitForAsync("the demo strategy holds a position", TimeSpan.FromSeconds(20), async _ =>
            (await session.StatusAsync()).GetProperty("positions").GetInt32() > 0 ? "yes" : null);

        await session.InjectAsync("disconnect", new { seconds = 3 }, "TWS dropped every connection; nothing listens for 3 s");
        var backAt = session.Elapsed + TimeSpan.FromSeconds(3);
        if (await session.WaitForAsync("the bot reports the broker disconnected", TimeSpan.FromSeconds(3), async _ =>
                (await session.StatusAsync()).GetProperty("broker").GetProperty("connected").GetBoolean() ? null : "disconnected") is not null)
            session.Detected("broker disconnected");
        var (status, body) = await session.SubmitOrderAsync("drill-while-down", await session.IncreasingOrderAsync());
        session.Check(status == 422, "a new entry while disconnected is refused (fail closed)", $"{status} {body}");

        if (await session.WaitForAsync("reconnected and resynced within 2 s of TWS accepting again", TimeSpan.FromSeconds(3 + 2 + 1), async _ =>
                (await session.StatusAsync()).GetProperty("broker").GetProperty("connected").GetBoolean() ? "connected" : null) is not null)
        {
            var after = session.Elapsed - backAt;
            session.Recovered($"reconnected {DrillSession.Ms(after)} after TWS accepted again");
            session.Check(after <= TimeSpan.FromSeconds(2), "reconnect + resync ≤ 2 s after TWS accepts", DrillSession.Ms(after));
        }
        await session.WaitForAsync("a reconciliation after the reconnect is clean", TimeSpan.FromSeconds(10), async _ =>
        {
            var last = (await session.StatusAsync()).GetProperty("lastReconciliation");
            return last.ValueKind == System.Text.Json.JsonValueKind.Object && last.GetProperty("clean").GetBoolean() ? last.GetProperty("summary").GetString() : null;
        });
        var connectionAlerts = (await session.AlertsAsync()).Count(a => a.Key.StartsWith(AlertKeys.BrokerConnection, StringComparison.Ordinal) && a.Severity is "SEV1" or "SEV2");
        session.Check(connectionAlerts is >= 1 and <= 2, "one connection-lost alert for the outage (and not a storm)", $"{connectionAlerts} SEV1/SEV2 connection alerts");

        await session.InjectAsync("connectivity", new { code = 1100 }, "1100: connectivity between IB and TWS lost");
        await session.WaitForAsync("1100 makes the bot report the broker disconnected", TimeSpan.FromSeconds(3), async _ =>
            (await session.StatusAsync()).GetProperty("broker").GetProperty("connected").GetBoolean() ? null : "disconnected");
        await session.InjectAsync("connectivity", new { code = 1101 }, "1101: restored, market data lost");
        await session.WaitForAsync("1101 brings the broker back (market data resubscribed)", TimeSpan.FromSeconds(5), async _ =>
            (await session.StatusAsync()).GetProperty("broker").GetProperty("connected").GetBoolean() ? "connected" : null);
        var state = await session.StateAsync();
        session.Check(state is "Active" or "Reducing", "trading continues after the outage without a person (entries resume)", state);
    }
}
