namespace ChatOpsTrader.Chat.Commands;

public sealed partial class CommandRouter
{
    private IEnumerable<CommandDefinition> Catalogue() =>
    [
        new("status", Role.Viewer, "/status", "trading state and why, broker, P&L against limits, counts, last reconciliation", false, StatusAsync),
        new("positions", Role.Viewer, "/positions", "the broker's positions with ours beside them", false, PositionsAsync),
        new("orders", Role.Viewer, "/orders", "working orders and who placed them", false, OrdersAsync),
        new("trades", Role.Viewer, "/trades [losers|winners|today|N]", "closed trades; losers: today's losing trades worst first", false, TradesAsync),
        new("pnl", Role.Viewer, "/pnl [day|week|month]", "P&L with a small chart", false, PnlAsync),
        new("limits", Role.Viewer, "/limits | /limits set <name> <value>", "every guardrail, its value and headroom; admins change one (raising needs /confirm)", false, LimitsAsync),
        new("strategies", Role.Operator, "/strategies", "strategies, paused or not, today's P&L", false, StrategiesAsync),
        new("incidents", Role.Viewer, "/incidents", "open incidents with severity and the runbook's next step", false, IncidentsAsync),
        new("incident", Role.Viewer, "/incident <id>", "an incident: facts, first action, next step (buttons), timeline", false, IncidentAsync),
        new("summary", Role.Viewer, "/summary", "the daily summary now: P&L against limits, trades, losers and winners, incidents, state", false, SummaryAsync),
        new("test_notify", Role.Viewer, "/test_notify", "send a test alert to every configured alert channel and report which worked", false, TestNotifyAsync),
        new("help", Role.Viewer, "/help", "the commands you can use", false, HelpAsync),
        new("whoami", Role.Viewer, "/whoami", "your id and role", false, WhoAmIAsync),
        new("halt", Role.Operator, "/halt [reason]", "kill switch: block new orders, cancel every working order", true, HaltAsync),
        new("cancel", Role.Operator, "/cancel <orderId>|all", "cancel working orders", true, CancelAsync),
        new("pause", Role.Operator, "/pause <strategy>", "refuse a strategy's new entries", true, PauseAsync),
        new("unpause", Role.Operator, "/unpause <strategy>", "let a paused strategy trade again", true, UnpauseAsync),
        new("reconcile", Role.Operator, "/reconcile", "compare our journal with the broker now and report the diff", true, ReconcileAsync),
        new("ack", Role.Operator, "/ack <id>", "acknowledge an incident: you are on it (stops the escalation)", true, AckAsync),
        new("resolve", Role.Operator, "/resolve <id> <note>", "resolve an incident with what fixed it", true, ResolveAsync),
        new("choose", Role.Operator, "/choose <id> <step> <choice>", "answer a runbook step of an incident (the buttons of /incident)", true, ChooseAsync),
        new("postmortem", Role.Operator, "/postmortem <id>", "the incident report: summary, timeline, root cause, resolution, action items", false, PostmortemAsync),
        new("audit", Role.Operator, "/audit [N]", "who did what, when", false, AuditAsync),
        new("flatten", Role.Admin, "/flatten [symbol|all]", "preview, then on confirmation cancel all and close positions; ends halted and flat", false, FlattenAsync),
        new("resume", Role.Admin, "/resume <reason> | /resume override <reason>", "lift a halt within policy, staged (restricted, cautious, active)", false, ResumeAsync),
        new("confirm", Role.Viewer, "/confirm <id>", "confirm a dangerous command you asked for", true, ConfirmAsync),
    ];

    private Task<Reply> HelpAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var rows = _commands.Values
            .Where(c => c.MinimumRole <= request.Role)
            .Select(c => (IReadOnlyList<string>)[c.Usage, c.Description])
            .ToList();
        return Task.FromResult(new Reply
        {
            Title = $"Commands for {request.Role.ToString().ToLowerInvariant()}",
            Tables = [new ReplyTable(null, ["Command", "What it does"], rows)],
            Ephemeral = true,
        });
    }

    private Task<Reply> WhoAmIAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new Reply
        {
            Title = "Who you are",
            Lines = [$"Transport: {request.Caller.Transport}", $"User id: {request.Caller.UserId}", $"Role: {request.Role.ToString().ToLowerInvariant()}"],
            Ephemeral = true,
        });
}
