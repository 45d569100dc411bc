using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// Every command of the router's catalogue × role (viewer, operator, admin, unknown) × transport (Telegram, Discord,
/// web), each on a fresh world, at the router with each transport's caller identity. Allowed: the command runs.
/// Not allowed: a refusal that changes nothing and is audited. Unknown: no reply at all, audited.
/// </summary>
[Collection("prove-cpu")]
public class SecurityMatrixTests
{
    private static readonly HashSet<string> Changing = ["halt", "cancel", "pause", "ack", "resolve", "choose", "limits set"];

    public static TheoryData<string, string, string> Cases => SecurityTable.Cases();

    [Fact]
    public async Task The_security_table_covers_every_catalogue_command_with_the_role_the_contract_gives_it()
    {
        await using var world = await ProveWorld.StartAsync();
        var table = SecurityTable.Rows.Where(r => r.Command != "limits set").ToDictionary(r => r.Command, r => r.Least);
        Assert.Equal(table.Keys.Order(StringComparer.Ordinal), world.Router.Commands.Select(c => c.Name).Order(StringComparer.Ordinal));
        foreach (var command in world.Router.Commands)
            Assert.True(table[command.Name] == command.MinimumRole, $"/{command.Name}: catalogue says {command.MinimumRole}, the contract {table[command.Name]}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Command_by_role_by_transport(string command, string transport, string roleName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var world = await ProveWorld.StartAsync();
        var row = SecurityTable.Rows.Single(r => r.Command == command);
        var caller = ProveWorld.Callers[(transport, roleName)];
        var role = SecurityTable.RoleOf(roleName);
        var text = row.Text(world);
        var before = world.Fingerprint();
        var auditBefore = world.Audit().Length;
        var alertsBefore = world.H.Notifier.Alerts.Count;

        var reply = await world.Router.ExecuteAsync(caller, text, timeout.Token);
        await world.H.IdleAsync();
        var after = world.Fingerprint();
        var audit = world.Audit()[auditBefore..];
        var mine = audit.Where(a => a.Transport == caller.Transport && a.UserId == caller.UserId).ToList();

        if (role is null)
        {
            Assert.Null(reply);
            Assert.Equal(before, after);
            Assert.Contains(mine, a => a.Role == "unknown" && a.Outcome == "denied");
            Assert.Equal(alertsBefore, world.H.Notifier.Alerts.Count);
            return;
        }

        Assert.NotNull(reply);
        if (role < row.Least)
        {
            Assert.True(SecurityTable.IsPermissionRefusal(reply), $"{caller} ({roleName}) ran {text}: {reply.ToText()}");
            Assert.Contains(row.Least.ToString().ToLowerInvariant(), reply.ToText(), StringComparison.Ordinal);
            Assert.Null(reply.ConfirmationId);
            Assert.Empty(reply.Buttons);
            Assert.Equal(before, after);
            var verb = "/" + command.Split(' ')[0];
            Assert.Contains(mine, a => a.Command == verb && a.Outcome == "denied" && a.Role == roleName);
            return;
        }

        Assert.False(SecurityTable.IsPermissionRefusal(reply), $"{caller} ({roleName}) was refused {text}: {reply.ToText()}");
        Assert.DoesNotContain(mine, a => a.Outcome == "denied");
        Assert.NotEmpty(mine);
        if (!Changing.Contains(command))
            Assert.Equal(before, after);
        var s = world.H.Engine.Snapshot;
        var incident = s.Incidents.Single(i => i.Id == world.IncidentId);
        switch (command)
        {
            case "whoami":
                Assert.Contains($"Role: {roleName}", reply.ToText(), StringComparison.Ordinal);
                Assert.Contains($"User id: {caller.UserId}", reply.ToText(), StringComparison.Ordinal);
                Assert.Contains($"Transport: {transport}", reply.ToText(), StringComparison.Ordinal);
                break;
            case "halt":
                Assert.Equal(TradingState.Halted, s.Status.State);
                Assert.Equal(caller.ToString(), s.Status.Actor);
                break;
            case "cancel":
                Assert.Contains(world.WorkingOrderId, world.H.Broker.Cancelled);
                break;
            case "pause":
                Assert.Contains(ProveWorld.Strategy, s.PausedStrategies);
                break;
            case "ack":
                Assert.Equal(caller.ToString(), incident.AcknowledgedBy);
                break;
            case "resolve":
                Assert.True(incident.IsResolved);
                Assert.Equal(caller.ToString(), incident.ResolvedBy);
                break;
            case "choose":
                Assert.Single(incident.Choices);
                break;
            case "limits set":
                Assert.Equal(500m, world.H.Engine.Limits.DailyLossLimit);
                break;
            case "flatten":
                Assert.NotNull(reply.ConfirmationId);
                Assert.Equal(TradingState.Active, s.Status.State);
                break;
            case "confirm":
                Assert.Contains("no such confirmation", reply.ToText(), StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public async Task Help_lists_exactly_the_commands_each_role_may_use()
    {
        await using var world = await ProveWorld.StartAsync();
        foreach (var roleName in new[] { "viewer", "operator", "admin" })
        {
            var role = SecurityTable.RoleOf(roleName)!.Value;
            var help = (await world.Router.ExecuteAsync(ProveWorld.Callers[("telegram", roleName)], "/help", CancellationToken.None))!;
            var listed = help.Tables.Single().Rows.Select(r => r[0].Split(' ')[0].TrimStart('/')).Order(StringComparer.Ordinal);
            var allowed = SecurityTable.Rows.Where(r => r.Command != "limits set" && r.Least <= role).Select(r => r.Command).Order(StringComparer.Ordinal);
            Assert.Equal(allowed, listed);
        }
    }

    [Theory]
    [InlineData("discord", "10")]
    [InlineData("telegram", "100000000000000030")]
    [InlineData("Telegram", "30")]
    [InlineData("telegram", "030")]
    [InlineData("telegram", " 30")]
    [InlineData("telegram", "web")]
    [InlineData("discord", "web")]
    [InlineData("web", "30")]
    [InlineData("", "")]
    public async Task Ids_do_not_cross_transports_and_only_the_exact_numeric_id_counts(string transport, string id)
    {
        await using var world = await ProveWorld.StartAsync();
        var before = world.Fingerprint();
        Assert.Null(await world.Router.ExecuteAsync(new Caller(transport, id), "/halt not me", CancellationToken.None));
        await world.H.IdleAsync();
        Assert.Equal(before, world.Fingerprint());
        Assert.Contains(world.Audit(), a => a.Transport == transport && a.UserId == id && a.Outcome == "denied" && a.Role == "unknown");
    }

    [Theory]
    [InlineData("@alice")]
    [InlineData("alice")]
    [InlineData("12a")]
    [InlineData("-5")]
    [InlineData("")]
    public void Configuring_a_user_by_anything_but_a_numeric_id_is_refused(string id) =>
        Assert.Throws<ArgumentException>(() => new ConfiguredUserDirectory([("telegram", id, Role.Admin)]));

    [Theory]
    [InlineData("flatten", "all")]
    [InlineData("resume", "all clear")]
    [InlineData("limit", "daily-loss=5000")]
    public async Task A_confirmation_checks_the_role_again_so_someone_demoted_since_asking_cannot_act(string command, string argument)
    {
        await using var world = await ProveWorld.StartAsync();
        await world.Router.ExecuteAsync(ProveWorld.Callers[("telegram", "operator")], "/halt for the resume case", CancellationToken.None);
        var demoted = ProveWorld.Callers[("telegram", "viewer")];
        var pending = world.Confirmations.Create(demoted, command, argument);
        var before = world.Fingerprint();

        var reply = await world.Router.ExecuteAsync(demoted, $"/confirm {pending.Id}", CancellationToken.None);
        await world.H.IdleAsync();

        Assert.True(SecurityTable.IsPermissionRefusal(reply!), reply!.ToText());
        Assert.Equal(before, world.Fingerprint());
        Assert.Contains(world.Audit(), a => a.UserId == demoted.UserId && a.Command == "/confirm" && a.Outcome == "denied");
    }
}
