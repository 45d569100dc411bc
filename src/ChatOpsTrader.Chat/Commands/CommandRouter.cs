using System.Collections.Concurrent;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Engine;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Chat.Commands;

/// <summary>
/// The one router behind Discord, Telegram and the web console: authorization by numeric id and role (deny by
/// default), parsing, confirmations and audit. Transports only format the <see cref="Reply"/> it returns.
/// </summary>
public sealed partial class CommandRouter
{
    private readonly TradingEngine _engine;
    private readonly IJournal _journal;
    private readonly INotifier _notifier;
    private readonly IUserDirectory _users;
    private readonly ConfirmationStore _confirmations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, CommandDefinition> _commands = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Caller, int> _unknownAttempts = new();
    private readonly IReadOnlyList<Alerts.IAlertChannel> _alertChannels;

    /// <summary>Unknown-user attempts after which an alert is raised (then every 10 more).</summary>
    public const int UnknownAttemptsAlertThreshold = 3;

    /// <summary>Creates the router.</summary>
    public CommandRouter(TradingEngine engine, IJournal journal, INotifier notifier, IUserDirectory users, ConfirmationStore confirmations, TimeProvider timeProvider, ILogger<CommandRouter> logger, IEnumerable<Alerts.IAlertChannel>? alertChannels = null)
    {
        _alertChannels = [.. alertChannels ?? []];
        _engine = engine;
        _journal = journal;
        _notifier = notifier;
        _users = users;
        _confirmations = confirmations;
        _time = timeProvider;
        _logger = logger;
        foreach (var definition in Catalogue())
            _commands[definition.Name] = definition;
    }

    /// <summary>The commands, in help order.</summary>
    public IReadOnlyCollection<CommandDefinition> Commands => _commands.Values;

    /// <summary>
    /// Runs a command. Returns null when the caller is unknown (they get no reply; the attempt is audited).
    /// Never throws for bad input: errors come back as replies.
    /// </summary>
    public async Task<Reply?> ExecuteAsync(Caller caller, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = _time.GetUtcNow();
        var role = _users.RoleOf(caller);
        var parsed = CommandParser.Parse(text, out var parseError);
        if (role is null)
        {
            OnUnknownCaller(caller, parsed?.Name ?? "?", now);
            return null;
        }

        if (parsed is null)
        {
            AuditEntry(caller, role.Value, "?", Truncate(text ?? string.Empty), "error", parseError!, now);
            return Reply.Error("Not a command", parseError!);
        }

        if (!_commands.TryGetValue(parsed.Name, out var definition))
        {
            AuditEntry(caller, role.Value, "/" + parsed.Name, parsed.Raw, "error", "unknown command", now);
            return Reply.Error($"Unknown command /{parsed.Name}", "Try /help for the commands you can use.");
        }

        if (role.Value < definition.MinimumRole)
        {
            AuditEntry(caller, role.Value, "/" + parsed.Name, parsed.Raw, "denied", $"needs {definition.MinimumRole}", now);
            return Reply.Error($"Not allowed: /{parsed.Name}", $"/{parsed.Name} needs the {definition.MinimumRole.ToString().ToLowerInvariant()} role; you are {role.Value.ToString().ToLowerInvariant()}.");
        }

        var request = new CommandRequest(caller, role.Value, parsed);
        Reply reply;
        try
        {
            reply = await definition.Handler(request, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            AuditEntry(caller, role.Value, "/" + parsed.Name, parsed.Raw, "error", ex.Message, now);
            return Reply.Error($"Bad arguments for /{parsed.Name}", ex.Message, $"Usage: {definition.Usage}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCommandFailed(_logger, parsed.Name, ex);
            AuditEntry(caller, role.Value, "/" + parsed.Name, parsed.Raw, "error", ex.Message, now);
            return Reply.Error($"/{parsed.Name} failed", ex.Message);
        }

        if (!definition.ChangesState)
            AuditEntry(caller, role.Value, "/" + parsed.Name, parsed.Raw, reply.ConfirmationId is null ? "ok" : "pending-confirmation", reply.Title, now);
        return reply;
    }

    private void OnUnknownCaller(Caller caller, string command, DateTimeOffset now)
    {
        AuditEntry(caller, null, "/" + command, string.Empty, "denied", "unknown user: no reply sent", now);
        var attempts = _unknownAttempts.AddOrUpdate(caller, 1, (_, n) => n + 1);
        if (attempts == UnknownAttemptsAlertThreshold || (attempts > UnknownAttemptsAlertThreshold && attempts % 10 == 0))
        {
            // Through the engine: journaled in the outbox before delivery, and opens the unauthorized-access incident.
            _engine.Raise(new Alert(Guid.NewGuid().ToString("N"), now, Severity.Sev2, $"unauthorized:{caller}",
                $"Unauthorized command attempts from {caller}",
                $"{attempts} commands from {caller}, who is not configured; none were answered or carried out (last: /{command}).",
                "If this is you, add the numeric id with a role to the configuration; otherwise consider who knows the bot."));
        }
    }

    private void Audit(CommandRequest request, string command, string arguments, string outcome, string detail) =>
        AuditEntry(request.Caller, request.Role, command, arguments, outcome, detail, _time.GetUtcNow());

    private void AuditEntry(Caller caller, Role? role, string command, string arguments, string outcome, string detail, DateTimeOffset now) =>
        _engine.Audit(new AuditEntry(now, caller.Transport, caller.UserId, role?.ToString().ToLowerInvariant() ?? "unknown", command, Truncate(arguments), outcome, Truncate(detail)));

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Command /{Command} failed")]
    private static partial void LogCommandFailed(ILogger logger, string command, Exception ex);
}
