using System.Globalization;
using System.Text;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// A small trading world for the security and fuzz tests: a real router over the engine harness with users of every
/// role on Telegram and Discord (and the web token holder), an open AAPL position, a working MSFT order, a strategy
/// that has traded and an open incident, so every command of the catalogue has something real to act on.
/// </summary>
public sealed class ProveWorld : IAsyncDisposable
{
    public const string Strategy = "s1";

    private ProveWorld(EngineHarness harness, CommandRouter router, ConfirmationStore confirmations)
    {
        H = harness;
        Router = router;
        Confirmations = confirmations;
    }

    public EngineHarness H { get; }

    public CommandRouter Router { get; }

    public ConfirmationStore Confirmations { get; }

    public string IncidentId { get; private set; } = string.Empty;

    public long WorkingOrderId { get; private set; }

    /// <summary>A valid <c>/choose</c> for the open incident (its next runbook step and first choice).</summary>
    public string ChooseText { get; private set; } = string.Empty;

    /// <summary>Callers by transport and role name (<c>viewer</c>, <c>operator</c>, <c>admin</c>, <c>unknown</c>).</summary>
    public static IReadOnlyDictionary<(string Transport, string Role), Caller> Callers { get; } = new Dictionary<(string, string), Caller>
    {
        [("telegram", "viewer")] = new("telegram", "10"),
        [("telegram", "operator")] = new("telegram", "20"),
        [("telegram", "admin")] = new("telegram", "30"),
        [("telegram", "unknown")] = new("telegram", "999"),
        [("discord", "viewer")] = new("discord", "100000000000000010"),
        [("discord", "operator")] = new("discord", "100000000000000020"),
        [("discord", "admin")] = new("discord", "100000000000000030"),
        [("discord", "unknown")] = new("discord", "100000000000000999"),
        // The host runs every web command as Caller("web", "web") once the bearer token matched: the token holder is an admin.
        [("web", "admin")] = new("web", "web"),
        // Any other web identity is nobody.
        [("web", "unknown")] = new("web", "guest"),
    };

    public static ConfiguredUserDirectory Users { get; } = new(
    [
        ("telegram", "10", Role.Viewer), ("telegram", "20", Role.Operator), ("telegram", "30", Role.Admin),
        ("discord", "100000000000000010", Role.Viewer), ("discord", "100000000000000020", Role.Operator), ("discord", "100000000000000030", Role.Admin),
    ]);

    public static async Task<ProveWorld> StartAsync(InMemoryJournal? journal = null)
    {
        var h = await new EngineHarness(journal).StartAsync();
        var confirmations = new ConfirmationStore(h.Time);
        var router = new CommandRouter(h.Engine, h.Journal, h.Notifier, Users, confirmations, h.Time, NullLogger<CommandRouter>.Instance);
        var world = new ProveWorld(h, router, confirmations);
        await world.PrepareAsync();
        return world;
    }

    private async Task PrepareAsync()
    {
        await H.QuotesAsync();
        H.Broker.FillMarketOrders = true;
        var filled = await H.Engine.SubmitAsync(new OrderIntent("prove-pos", Strategy, "AAPL", OrderSide.Buy, 3, OrderType.Market), CancellationToken.None);
        Assert.True(filled.Accepted, filled.Message);
        await H.IdleAsync();
        var working = await H.Engine.SubmitAsync(new OrderIntent("prove-lmt", Strategy, "MSFT", OrderSide.Buy, 1, OrderType.Limit, LimitPrice: 405m), CancellationToken.None);
        Assert.True(working.Accepted, working.Message);
        H.Engine.Raise(new Alert("prove-incident", H.Time.GetUtcNow(), Severity.Sev2, "broker-connection", "Broker connection lost", "TWS: code 1100 connectivity lost", "Check TWS"));
        await H.IdleAsync();

        WorkingOrderId = Assert.Single(H.Engine.Snapshot.Orders).Order.BrokerOrderId;
        var incident = Assert.Single(H.Engine.Snapshot.Incidents);
        IncidentId = incident.Id;
        var step = H.Engine.NextStep(incident) ?? throw new InvalidOperationException($"incident {incident.Type} has no runbook step");
        ChooseText = $"/choose {incident.Id} {step.Key} {step.Choices[0].Key}";
    }

    /// <summary>Everything a command could change: trading state, limits, strategies, orders, positions, incidents, the broker.</summary>
    public string Fingerprint()
    {
        var s = H.Engine.Snapshot;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"state={s.Status.State}|{s.Status.Reason}|{s.Status.Actor}\n");
        sb.Append("limits=").Append(LimitsText(H.Engine.Limits)).Append('\n');
        sb.Append("paused=").AppendJoin(',', s.PausedStrategies.Order(StringComparer.Ordinal)).Append('\n');
        sb.Append("orders=").AppendJoin(',', s.Orders.Select(o => $"{o.Order.BrokerOrderId}:{o.Order.Status}:{o.Order.Quantity}").Order(StringComparer.Ordinal)).Append('\n');
        sb.Append("positions=").AppendJoin(',', s.Positions.Select(p => $"{p.Symbol}:{p.Quantity}").Order(StringComparer.Ordinal)).Append('\n');
        sb.Append("incidents=").AppendJoin(',', s.Incidents.Select(i => $"{i.Id}:{i.Status}:{i.AcknowledgedBy}:{i.ResolvedBy}:{i.Timeline.Count}").Order(StringComparer.Ordinal)).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"broker=placed {H.Broker.Placed.Count}, cancelled {H.Broker.Cancelled.Count}, cancel-all {H.Broker.CancelAlls}, positions {string.Join(',', H.Broker.Positions.Select(p => $"{p.Symbol}:{p.Quantity}"))}\n");
        return sb.ToString();
    }

    private static string LimitsText(ChatOpsTrader.Core.Risk.RiskLimits l) =>
        string.Join(';', ChatOpsTrader.Core.Risk.LimitSetting.All.Select(s => $"{s.Name}={s.Get(l).ToString(CultureInfo.InvariantCulture)}"));

    public AuditEntry[] Audit() => [.. H.Journal.All<AuditRecordedRecord>().Select(a => a.Entry)];

    public ValueTask DisposeAsync() => H.DisposeAsync();
}
