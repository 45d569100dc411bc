using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>An interaction as far as the transport cares (copied out of the gateway's buffer).</summary>
/// <param name="Id">Interaction id.</param>
/// <param name="Token">Interaction token (valid 15 minutes).</param>
/// <param name="ApplicationId">Our application id.</param>
/// <param name="Type">2 application command, 3 component.</param>
/// <param name="UserId">Who: <c>member.user.id</c> in a guild, <c>user.id</c> in a DM.</param>
/// <param name="CommandText">For type 2: the command text rebuilt from the options.</param>
/// <param name="CustomId">For type 3: the button's custom_id.</param>
internal sealed record DiscordInteraction(string Id, string Token, string ApplicationId, int Type, string? UserId, string? CommandText, string? CustomId)
{
    public static DiscordInteraction? Parse(JsonElement d)
    {
        if (d.ValueKind != JsonValueKind.Object)
            return null;
        static string? Str(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var id = Str(d, "id");
        var token = Str(d, "token");
        var app = Str(d, "application_id");
        var type = d.TryGetProperty("type", out var t) && t.TryGetInt32(out var ti) ? ti : 0;
        if (!DiscordOptions.IsSnowflake(id) || string.IsNullOrEmpty(token) || !DiscordOptions.IsSnowflake(app))
            return null;
        string? user = null;
        if (d.TryGetProperty("member", out var member) && member.ValueKind == JsonValueKind.Object && member.TryGetProperty("user", out var mu))
            user = Str(mu, "id");
        if (user is null && d.TryGetProperty("user", out var u))
            user = Str(u, "id");
        d.TryGetProperty("data", out var data);
        var text = type == 2 ? DiscordCommands.CommandText(data) : null;
        var customId = type == 3 ? Str(data, "custom_id") : null;
        return new DiscordInteraction(id!, token!, app!, type, DiscordOptions.IsSnowflake(user) ? user : null, text, customId);
    }
}

/// <summary>
/// The Discord transport: runs the gateway, registers one slash command per router command at READY, and answers
/// interactions by running the router as <c>Caller("discord", user id)</c>. Answers go out within Discord's 3 s:
/// at once (type 4) when the reply is ready within <see cref="DiscordOptions.DeferAfter"/>, otherwise deferred
/// (type 5) and completed by editing <c>@original</c>. Confirmation buttons are bound to the requester; their
/// click updates the preview in place (type 7) with the outcome and removes the buttons. Never throws, never
/// blocks the engine; without a token it logs how to turn it on and stops.
/// </summary>
/// <remarks>
/// Unknown users: the router returns no reply and audits the attempt, but Discord requires every interaction to
/// be answered (otherwise the user sees "The application did not respond"), so they get the minimal ephemeral
/// "You are not authorized." and nothing else: no command list, no hint of what exists.
/// </remarks>
public sealed partial class DiscordTransport : BackgroundService
{
    private const int ChannelMessage = 4;
    private const int DeferredChannelMessage = 5;
    private const int DeferredUpdateMessage = 6;
    private const int UpdateMessage = 7;

    private readonly DiscordOptions _options;
    private readonly DiscordHealth _health;
    private readonly IDiscordRestClient _rest;
    private readonly DiscordGateway _gateway;
    private readonly Func<Caller, string, CancellationToken, Task<Reply?>>? _execute;
    private readonly IReadOnlyCollection<CommandDefinition> _commands;
    private readonly INotifier? _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _handledConfirmations = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _concurrency = new(16, 16);
    private CancellationToken _stopping;
    private int _registered;
    private int _registering;
    private long _interactions;

    /// <summary>Creates the transport over the command router (null when the trading core is not available).</summary>
    public DiscordTransport(DiscordOptions options, DiscordHealth health, IDiscordRestClient rest, DiscordGateway gateway, CommandRouter? router, INotifier? notifier, TimeProvider timeProvider, ILogger<DiscordTransport> logger)
        : this(options, health, rest, gateway, router is null ? null : router.ExecuteAsync, router?.Commands ?? [], notifier, timeProvider, logger)
    {
    }

    internal DiscordTransport(DiscordOptions options, DiscordHealth health, IDiscordRestClient rest, DiscordGateway gateway, Func<Caller, string, CancellationToken, Task<Reply?>>? execute, IReadOnlyCollection<CommandDefinition> commands, INotifier? notifier, TimeProvider timeProvider, ILogger<DiscordTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(health);
        _options = options;
        _health = health;
        _rest = rest;
        _gateway = gateway;
        _execute = execute;
        _commands = commands;
        _notifier = notifier;
        _time = timeProvider;
        _logger = logger;
        _health.Subscribe(Forward);
    }

    /// <summary>True once the slash commands were registered in the guild.</summary>
    public bool CommandsRegistered => Volatile.Read(ref _registered) == 1;

    /// <summary>Interactions answered so far.</summary>
    public long InteractionsHandled => Interlocked.Read(ref _interactions);

    /// <summary>The gateway (state and counters).</summary>
    public DiscordGateway Gateway => _gateway;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.IsConfigured)
        {
            LogOff(_logger, DiscordOptions.EnableHint);
            return;
        }
        if (_options.Validate() is { } error)
        {
            LogInvalid(_logger, error);
            _health.Report(new DiscordProblem(_time.GetUtcNow(), "configuration", error, Fatal: true));
            return;
        }
        if (_execute is null)
        {
            LogNoRouter(_logger);
            return;
        }

        _stopping = stoppingToken;
        _gateway.Ready = OnReady;
        _gateway.Dispatch = OnDispatch;
        LogStarting(_logger, _options.GuildId!, string.IsNullOrWhiteSpace(_options.AlertChannelId) ? "off" : _options.AlertChannelId);
        try
        {
            await _gateway.RunAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCrashed(_logger, ex);
        }
        finally
        {
            _gateway.Ready = null;
            _gateway.Dispatch = null;
        }
        if (_health.StopReason is { } reason)
            LogStopped(_logger, reason.Kind, reason.Message);

        try
        {
            await Task.WhenAll(_inFlight.Keys);
        }
        catch (Exception ex) when (ex is OperationCanceledException or AggregateException)
        {
        }
    }

    private void Forward(DiscordProblem problem)
    {
        _notifier?.Notify(new Alert(
            Guid.NewGuid().ToString("N"),
            problem.Time,
            problem.Fatal ? Severity.Sev2 : Severity.Sev3,
            $"discord:{problem.Kind}",
            problem.Fatal ? "Discord transport stopped" : "Discord transport degraded",
            problem.Message,
            problem.Fatal
                ? "Use Telegram or the web console meanwhile; fix the Discord configuration and restart."
                : "Use Telegram or the web console if Discord commands do not answer."));
    }

    private void OnReady(GatewayReady ready)
    {
        if (CommandsRegistered || Interlocked.Exchange(ref _registering, 1) == 1)
            return;
        Track(async () =>
        {
            try
            {
                await RegisterCommandsAsync(ready.ApplicationId);
            }
            finally
            {
                Volatile.Write(ref _registering, 0);
            }
        });
    }

    private async Task RegisterCommandsAsync(string applicationId)
    {
        var payload = DiscordCommands.Build(_commands);
        var response = await _rest.BulkOverwriteGuildCommandsAsync(applicationId, _options.GuildId!, payload, _stopping);
        if (response.Ok)
        {
            Volatile.Write(ref _registered, 1);
            LogRegistered(_logger, payload.Count, _options.GuildId!);
            return;
        }
        if (_health.IsStopped)
            return;
        var hint = response.ErrorCode == 50001 || response.Status == 403
            ? " Invite the bot to the server with the applications.commands and bot scopes (see README-discord.md), and check Discord__GuildId."
            : string.Empty;
        LogRegistrationFailed(_logger, response.Detail);
        _health.Report(new DiscordProblem(_time.GetUtcNow(), "registration", $"Registering the slash commands failed ({response.Detail}); they are retried at the next session.{hint}", Fatal: false));
    }

    private void OnDispatch(string type, JsonElement data)
    {
        if (type != "INTERACTION_CREATE")
            return;
        var interaction = DiscordInteraction.Parse(data);
        if (interaction is null)
        {
            LogBadInteraction(_logger);
            return;
        }
        Track(() => HandleAsync(interaction));
    }

    private void Track(Func<Task> work)
    {
        var task = Task.Run(
            async () =>
            {
                await _concurrency.WaitAsync(_stopping);
                try
                {
                    await work();
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                }
                catch (Exception ex)
                {
                    LogInteractionFailed(_logger, ex);
                }
                finally
                {
                    _concurrency.Release();
                }
            },
            CancellationToken.None);
        _inFlight[task] = 0;
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    internal async Task HandleAsync(DiscordInteraction interaction)
    {
        if (interaction.UserId is null)
        {
            await SendAsync(interaction, DiscordFormatter.Response(ChannelMessage, DiscordFormatter.Text(DiscordFormatter.NotAuthorizedText, ephemeral: true)));
            return;
        }
        var caller = new Caller("discord", interaction.UserId);
        switch (interaction.Type)
        {
            case 2:
                if (interaction.CommandText is null)
                    await SendAsync(interaction, DiscordFormatter.Response(ChannelMessage, DiscordFormatter.Text("Not a command. Try /help.", ephemeral: true)));
                else
                    await RespondAsync(interaction, caller, interaction.CommandText, Mode.NewMessage);
                break;
            case 3:
                await HandleComponentAsync(interaction, caller);
                break;
            default:
                // PING never comes over the gateway; autocomplete and modals are not used.
                break;
        }
    }

    private async Task HandleComponentAsync(DiscordInteraction interaction, Caller caller)
    {
        var action = DiscordFormatter.ParseCustomId(interaction.CustomId);
        if (action is null)
        {
            await SendAsync(interaction, DiscordFormatter.Response(ChannelMessage, DiscordFormatter.Text("This button is not valid any more.", ephemeral: true)));
            return;
        }
        if (action.RequesterId is null)
        {
            await RespondAsync(interaction, caller, action.CommandText, Mode.NewMessage);
            return;
        }
        if (action.RequesterId != caller.UserId)
        {
            // Someone else pressed it: the router refuses (and audits); only they see the refusal, the preview stays.
            await RespondAsync(interaction, caller, action.CommandText, Mode.NewEphemeral);
            return;
        }
        var now = _time.GetUtcNow();
        foreach (var old in _handledConfirmations.Where(kv => kv.Value + TimeSpan.FromHours(1) < now).Select(kv => kv.Key).ToList())
            _handledConfirmations.TryRemove(old, out _);
        // A second press (double tap, or Confirm after Cancel) must not overwrite the outcome already shown.
        var first = _handledConfirmations.TryAdd(action.ConfirmationId!, now);
        await RespondAsync(interaction, caller, action.CommandText, first ? Mode.UpdateMessage : Mode.NewEphemeral);
    }

    private async Task RespondAsync(DiscordInteraction interaction, Caller caller, string text, Mode mode)
    {
        var started = Stopwatch.GetTimestamp();
        // The defer timer exists before the command starts.
        using var deferCancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        var deferTimer = Task.Delay(_options.DeferAfter, _time, deferCancel.Token);
        var work = RunAsync(caller, text);
        var winner = await Task.WhenAny(work, deferTimer);
        if (winner == work)
        {
            await deferCancel.CancelAsync();
            var reply = await work;
            await SendAsync(interaction, Immediate(reply, mode, caller));
            LogAnswered(_logger, CommandName(text), Stopwatch.GetElapsedTime(started).TotalMilliseconds, "immediate");
            return;
        }

        _stopping.ThrowIfCancellationRequested();
        var deferred = mode switch
        {
            Mode.UpdateMessage => DiscordFormatter.Response(DeferredUpdateMessage, null),
            Mode.NewEphemeral => DiscordFormatter.Response(DeferredChannelMessage, new JsonObject { ["flags"] = DiscordFormatter.EphemeralFlag }),
            _ => DiscordFormatter.Response(DeferredChannelMessage, null),
        };
        var ack = await SendAsync(interaction, deferred);
        var late = await work;
        if (!ack.Ok)
            return;

        if (late is null)
        {
            // Deferred publicly (or as an update) but the answer is for the asker only.
            if (mode == Mode.NewMessage)
                Log(interaction, await _rest.DeleteOriginalResponseAsync(interaction.ApplicationId, interaction.Token, _stopping));
            Log(interaction, await _rest.CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token, DiscordFormatter.Text(DiscordFormatter.NotAuthorizedText, ephemeral: true), _stopping));
        }
        else if (mode == Mode.NewMessage && IsEphemeral(late))
        {
            Log(interaction, await _rest.DeleteOriginalResponseAsync(interaction.ApplicationId, interaction.Token, _stopping));
            Log(interaction, await _rest.CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token, DiscordFormatter.Message(late, ephemeral: true, caller.UserId), _stopping));
        }
        else
        {
            var message = DiscordFormatter.Message(late, ephemeral: false, caller.UserId);
            message.Remove("flags");
            Log(interaction, await _rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, message, _stopping));
        }
        LogAnswered(_logger, CommandName(text), Stopwatch.GetElapsedTime(started).TotalMilliseconds, "deferred");
    }

    private static JsonObject Immediate(Reply? reply, Mode mode, Caller caller)
    {
        if (reply is null)
            return DiscordFormatter.Response(ChannelMessage, DiscordFormatter.Text(DiscordFormatter.NotAuthorizedText, ephemeral: true));
        return mode switch
        {
            Mode.UpdateMessage => DiscordFormatter.Response(UpdateMessage, DiscordFormatter.Message(reply, ephemeral: false, caller.UserId)),
            Mode.NewEphemeral => DiscordFormatter.Response(ChannelMessage, DiscordFormatter.Message(reply, ephemeral: true, caller.UserId)),
            _ => DiscordFormatter.Response(ChannelMessage, DiscordFormatter.Message(reply, IsEphemeral(reply), caller.UserId)),
        };
    }

    /// <summary>
    /// Replies that only concern the asker are ephemeral: those the router marks so (/help, /whoami) and refusals
    /// (a warning with no table, no confirmation and no buttons: "Not allowed", "Confirmation refused", bad arguments).
    /// </summary>
    internal static bool IsEphemeral(Reply reply) =>
        reply.Ephemeral || (reply.Severity == ReplySeverity.Warning && reply.Tables.Count == 0 && reply.ConfirmationId is null && reply.Buttons.Count == 0);

    private async Task<Reply?> RunAsync(Caller caller, string text)
    {
        try
        {
            return await _execute!(caller, text, _stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            LogCommandCrashed(_logger, CommandName(text), ex);
            return Reply.Error("Something went wrong", "The command failed inside the bot; it is logged. Try again, or use the web console.");
        }
    }

    private async Task<DiscordResponse> SendAsync(DiscordInteraction interaction, JsonObject response)
    {
        var result = await _rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, _stopping);
        Interlocked.Increment(ref _interactions);
        Log(interaction, result);
        return result;
    }

    private void Log(DiscordInteraction interaction, DiscordResponse response)
    {
        if (!response.Ok)
        {
            var why = response.ErrorCode switch
            {
                10062 => "the interaction expired (answered after 3 s?)",
                40060 => "the interaction was already answered",
                _ => response.Detail,
            };
            LogAnswerFailed(_logger, interaction.Id, why);
        }
    }

    private static string CommandName(string text)
    {
        var end = text.IndexOf(' ', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private enum Mode
    {
        NewMessage,
        NewEphemeral,
        UpdateMessage,
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _concurrency.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 640, Level = LogLevel.Information, Message = "Discord transport off. To turn it on set {Variables} (see src/ChatOpsTrader.Chat/Discord/README-discord.md)")]
    private static partial void LogOff(ILogger logger, string variables);

    [LoggerMessage(EventId = 641, Level = LogLevel.Error, Message = "Discord transport not started: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);

    [LoggerMessage(EventId = 642, Level = LogLevel.Error, Message = "Discord transport not started: the trading core (command router) is not available")]
    private static partial void LogNoRouter(ILogger logger);

    [LoggerMessage(EventId = 643, Level = LogLevel.Information, Message = "Discord transport starting (guild {GuildId}, alert channel {AlertChannel})")]
    private static partial void LogStarting(ILogger logger, string guildId, string alertChannel);

    [LoggerMessage(EventId = 644, Level = LogLevel.Critical, Message = "Discord transport STOPPED ({Kind}): {Message}")]
    private static partial void LogStopped(ILogger logger, string kind, string message);

    [LoggerMessage(EventId = 645, Level = LogLevel.Error, Message = "Discord transport: the gateway loop failed")]
    private static partial void LogCrashed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 646, Level = LogLevel.Information, Message = "Discord: {Count} slash commands registered in guild {GuildId}")]
    private static partial void LogRegistered(ILogger logger, int count, string guildId);

    [LoggerMessage(EventId = 647, Level = LogLevel.Error, Message = "Discord: registering the slash commands failed: {Detail}")]
    private static partial void LogRegistrationFailed(ILogger logger, string detail);

    [LoggerMessage(EventId = 648, Level = LogLevel.Warning, Message = "Discord: ignored a malformed interaction")]
    private static partial void LogBadInteraction(ILogger logger);

    [LoggerMessage(EventId = 649, Level = LogLevel.Error, Message = "Discord: handling an interaction failed")]
    private static partial void LogInteractionFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 650, Level = LogLevel.Debug, Message = "Discord: {Command} answered in {Milliseconds} ms ({How})")]
    private static partial void LogAnswered(ILogger logger, string command, double milliseconds, string how);

    [LoggerMessage(EventId = 651, Level = LogLevel.Error, Message = "Discord: {Command} threw")]
    private static partial void LogCommandCrashed(ILogger logger, string command, Exception ex);

    [LoggerMessage(EventId = 652, Level = LogLevel.Warning, Message = "Discord: answering interaction {InteractionId} failed: {Why}")]
    private static partial void LogAnswerFailed(ILogger logger, string interactionId, string why);
}
