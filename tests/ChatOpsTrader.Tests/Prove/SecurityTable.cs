using ChatOpsTrader.Chat.Commands;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// Who may run what, written down from the contract (product.md's command table and architecture.md's roles), not
/// read from the router: the security tests hold the router's catalogue against it.
/// </summary>
public static class SecurityTable
{
    /// <summary>One row: a catalogue command (or <c>limits set</c>), the least role the contract gives it, and a text that exercises it.</summary>
    public sealed record Row(string Command, Role Least, Func<ProveWorld, string> Text)
    {
        public override string ToString() => Command;
    }

    public static IReadOnlyList<Row> Rows { get; } =
    [
        new("status", Role.Viewer, _ => "/status"),
        new("positions", Role.Viewer, _ => "/positions"),
        new("orders", Role.Viewer, _ => "/orders"),
        new("trades", Role.Viewer, _ => "/trades losers"),
        new("pnl", Role.Viewer, _ => "/pnl week"),
        new("limits", Role.Viewer, _ => "/limits"),
        new("strategies", Role.Viewer, _ => "/strategies"),
        new("incidents", Role.Viewer, _ => "/incidents"),
        new("incident", Role.Viewer, w => $"/incident {w.IncidentId}"),
        new("summary", Role.Viewer, _ => "/summary"),
        new("test_notify", Role.Viewer, _ => "/test_notify"),
        new("help", Role.Viewer, _ => "/help"),
        new("whoami", Role.Viewer, _ => "/whoami"),
        new("confirm", Role.Viewer, _ => "/confirm 0123456789abcdef0123456789abcdef"),
        new("halt", Role.Operator, _ => "/halt security table"),
        new("cancel", Role.Operator, w => $"/cancel {w.WorkingOrderId}"),
        new("pause", Role.Operator, _ => $"/pause {ProveWorld.Strategy}"),
        new("unpause", Role.Operator, _ => $"/unpause {ProveWorld.Strategy}"),
        new("reconcile", Role.Operator, _ => "/reconcile"),
        new("ack", Role.Operator, w => $"/ack {w.IncidentId}"),
        new("resolve", Role.Operator, w => $"/resolve {w.IncidentId} fixed by the security table"),
        new("choose", Role.Operator, w => w.ChooseText),
        new("postmortem", Role.Operator, w => $"/postmortem {w.IncidentId}"),
        new("audit", Role.Operator, _ => "/audit 5"),
        new("flatten", Role.Admin, _ => "/flatten"),
        new("resume", Role.Admin, _ => "/resume security table"),
        new("limits set", Role.Admin, _ => "/limits set daily-loss 500"),
    ];

    /// <summary>The caller identities of the matrix: (transport, role name).</summary>
    public static IReadOnlyList<(string Transport, string Role)> Identities { get; } = [.. ProveWorld.Callers.Keys];

    public static Role? RoleOf(string name) => name switch
    {
        "viewer" => Role.Viewer,
        "operator" => Role.Operator,
        "admin" => Role.Admin,
        _ => null,
    };

    /// <summary>Every (command, transport, role) case.</summary>
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in Rows)
        {
            foreach (var (transport, role) in Identities)
                data.Add(row.Command, transport, role);
        }
        return data;
    }

    public static bool IsPermissionRefusal(Reply reply) => reply.Title.StartsWith("Not allowed", StringComparison.Ordinal);
}
