using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>What READY told us.</summary>
/// <param name="SessionId">For Resume.</param>
/// <param name="ApplicationId">For command registration and interaction webhooks.</param>
/// <param name="BotUserId">The bot's own user id.</param>
/// <param name="BotUserName">The bot's user name.</param>
public sealed record GatewayReady(string SessionId, string ApplicationId, string? BotUserId, string? BotUserName);

/// <summary>
/// The Discord gateway client for a bot that only needs interactions (intents 0): Hello, heartbeats with initial
/// jitter and ACK tracking (a missed ACK closes the zombie connection with 4000 and resumes), Identify, READY,
/// sequence tracking, Resume to <c>resume_gateway_url</c> after a drop, op 7 Reconnect, op 9 Invalid Session,
/// close codes (4004 and 4010–4014 stop for good and are reported), and a reconnect policy that prefers Resume
/// and protects the daily Identify budget. Sockets come from a factory.
/// </summary>
public sealed partial class DiscordGateway
{
    private const int NormalClosure = 1000;
    private const int ResumableClosure = 4000;
    private const int MaxPayloadBytes = 4096;

    private readonly DiscordOptions _options;
    private readonly DiscordHealth _health;
    private readonly IDiscordRestClient _rest;
    private readonly IGatewaySocketFactory _sockets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DiscordGatewayTuning _tuning;
    private readonly GatewayReconnectPolicy _policy;
    private readonly Lock _lock = new();

    private string? _gatewayUrl;
    private string? _resumeUrl;
    private string? _sessionId;
    private long _sequence = -1;
    private string? _applicationId;
    private int _connections;
    private int _identifies;
    private int _resumes;
    private volatile bool _connected;
    private bool _outageReported;

    /// <summary>Creates the gateway client.</summary>
    public DiscordGateway(DiscordOptions options, DiscordHealth health, IDiscordRestClient rest, IGatewaySocketFactory sockets, TimeProvider timeProvider, ILogger<DiscordGateway> logger)
        : this(options, health, rest, sockets, timeProvider, logger, new DiscordGatewayTuning())
    {
    }

    internal DiscordGateway(DiscordOptions options, DiscordHealth health, IDiscordRestClient rest, IGatewaySocketFactory sockets, TimeProvider timeProvider, ILogger<DiscordGateway> logger, DiscordGatewayTuning tuning)
    {
        _options = options;
        _health = health;
        _rest = rest;
        _sockets = sockets;
        _time = timeProvider;
        _logger = logger;
        _tuning = tuning;
        _policy = new GatewayReconnectPolicy(tuning);
    }

    /// <summary>Called on READY (from the receive loop: return quickly).</summary>
    public Action<GatewayReady>? Ready { get; set; }

    /// <summary>Called for every other dispatch with its name and data (from the receive loop: copy what you need and return quickly).</summary>
    public Action<string, JsonElement>? Dispatch { get; set; }

    /// <summary>Test seam: called after each received opcode was handled.</summary>
    internal Action<int>? OpHandled { get; set; }

    /// <summary>True while a session is established (after READY or RESUMED, until the connection ends).</summary>
    public bool IsConnected => _connected;

    /// <summary>The current session id, if any.</summary>
    public string? SessionId
    {
        get
        {
            lock (_lock)
                return _sessionId;
        }
    }

    /// <summary>The application id from READY.</summary>
    public string? ApplicationId
    {
        get
        {
            lock (_lock)
                return _applicationId;
        }
    }

    /// <summary>The latest sequence number received, if any.</summary>
    public long? Sequence => Interlocked.Read(ref _sequence) is var s && s >= 0 ? s : null;

    /// <summary>Connections opened so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Identify sent so far.</summary>
    public int Identifies => Volatile.Read(ref _identifies);

    /// <summary>Resume sent so far.</summary>
    public int Resumes => Volatile.Read(ref _resumes);

    /// <summary>
    /// Connects and keeps the session alive until <paramref name="cancellationToken"/> is cancelled (closes with
    /// 1000, ending the session) or a fatal problem stops the transport. Never throws for network problems.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _health.Stopped);
        var token = linked.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var resume = CanResume(out var resumeUrl);
                if (!resume && !await PrepareIdentifyAsync(token))
                    return;
                var uri = GatewayUri(resume ? resumeUrl! : _gatewayUrl!);
                var end = await RunConnectionAsync(uri, resume, token);
                _connected = false;
                if (end.Kind == EndKind.Stop)
                    return;
                if (end.Kind == EndKind.Identify)
                    ClearSession();

                var delay = _policy.OnConnectionEnded(end.Established, end.Lasted);
                if (end.ExtraWait > delay)
                    delay = end.ExtraWait;
                if (_policy.ConsecutiveFailures >= _tuning.ReportAfterFailures && !_outageReported)
                {
                    _outageReported = true;
                    _health.Report(new DiscordProblem(_time.GetUtcNow(), "gateway-unreachable",
                        $"The Discord gateway failed {_policy.ConsecutiveFailures} times in a row (last: {end.Reason}). Commands from Discord do not arrive; the transport keeps retrying with backoff.",
                        Fatal: false));
                }
                LogReconnecting(_logger, end.Reason, end.Kind == EndKind.Resume ? "resume" : "identify", (int)delay.TotalMilliseconds);
                if (delay > TimeSpan.Zero)
                    await Task.Delay(delay, _time, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            _connected = false;
        }
    }

    private bool CanResume(out string? resumeUrl)
    {
        lock (_lock)
        {
            resumeUrl = _resumeUrl;
            return _sessionId is not null && _resumeUrl is not null;
        }
    }

    private void ClearSession()
    {
        lock (_lock)
        {
            _sessionId = null;
            _resumeUrl = null;
        }
        Interlocked.Exchange(ref _sequence, -1);
    }

    /// <summary>Refreshes the gateway URL and waits until an Identify may be spent. False when the transport stopped.</summary>
    private async Task<bool> PrepareIdentifyAsync(CancellationToken token)
    {
        var reported = false;
        while (!token.IsCancellationRequested)
        {
            SessionStartLimit? limit = null;
            var response = await _rest.GetGatewayBotAsync(token);
            if (response.Ok && ParseGatewayBot(response.Body, out var url, out limit))
            {
                _gatewayUrl = url;
            }
            else
            {
                if (_health.IsStopped)
                    return false;
                if (_gatewayUrl is null)
                {
                    var delay = _policy.OnConnectionEnded(false, TimeSpan.Zero);
                    LogGatewayBotFailed(_logger, response.Detail, (int)delay.TotalMilliseconds);
                    await Task.Delay(delay, _time, token);
                    continue;
                }
                // Discord asks bots to cache the URL: keep using it; our own Identify cap still applies.
                LogGatewayBotFailed(_logger, response.Detail, 0);
            }

            var wait = _policy.IdentifyWait(_time.GetUtcNow(), limit, out var reason);
            if (wait <= TimeSpan.Zero)
                return true;
            LogIdentifyHeld(_logger, reason ?? "budget", (int)wait.TotalSeconds);
            if (!reported && wait > _tuning.IdentifyMinInterval)
            {
                reported = true;
                _health.Report(new DiscordProblem(_time.GetUtcNow(), "identify-budget",
                    $"Discord gateway: not starting a new session for {(int)wait.TotalMinutes} min because {reason}. Commands from Discord do not arrive until then.",
                    Fatal: false));
            }
            await Task.Delay(wait, _time, token);
        }
        return false;
    }

    internal static bool ParseGatewayBot(JsonNode? body, out string? url, out SessionStartLimit? limit)
    {
        url = null;
        limit = null;
        if (body is not JsonObject o || o["url"] is not JsonValue u || !u.TryGetValue<string>(out var text)
            || !Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != "wss" && parsed.Scheme != "ws"))
            return false;
        url = text;
        if (o["session_start_limit"] is JsonObject l
            && l["total"] is JsonValue t && t.TryGetValue<int>(out var total)
            && l["remaining"] is JsonValue r && r.TryGetValue<int>(out var remaining)
            && l["reset_after"] is JsonValue a && a.TryGetValue<long>(out var resetAfterMs))
        {
            var concurrency = l["max_concurrency"] is JsonValue c && c.TryGetValue<int>(out var mc) ? mc : 1;
            limit = new SessionStartLimit(total, remaining, TimeSpan.FromMilliseconds(Math.Clamp(resetAfterMs, 0, 86_400_000)), concurrency);
        }
        return true;
    }

    internal static Uri GatewayUri(string url)
    {
        var builder = new UriBuilder(url) { Query = "v=10&encoding=json" };
        return builder.Uri;
    }

    private async Task<ConnectionEnd> RunConnectionAsync(Uri uri, bool resume, CancellationToken token)
    {
        Interlocked.Increment(ref _connections);
        var started = _time.GetUtcNow();
        await using var socket = _sockets.Create();
        var connection = new Connection(socket);
        try
        {
            using var connectTimeout = new CancellationTokenSource(_tuning.ConnectTimeout, _time);
            using var connectToken = CancellationTokenSource.CreateLinkedTokenSource(token, connectTimeout.Token);
            await socket.ConnectAsync(uri, connectToken.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            LogConnectFailed(_logger, uri.Host, ex.Message);
            return new ConnectionEnd(resume ? EndKind.Resume : EndKind.Identify, $"connect failed: {ex.Message}", false, TimeSpan.Zero, TimeSpan.Zero);
        }
        catch (OperationCanceledException)
        {
            return new ConnectionEnd(EndKind.Stop, "stopping", false, TimeSpan.Zero, TimeSpan.Zero);
        }

        LogConnected(_logger, uri.Host, resume ? "resume" : "identify");
        var writer = Task.Run(() => WriteLoopAsync(connection), CancellationToken.None);
        using var stopRegistration = token.Register(() => connection.RequestClose(NormalClosure, new ConnectionEnd(EndKind.Stop, "stopping", false, TimeSpan.Zero, TimeSpan.Zero)));
        connection.HelloTimer = _time.CreateTimer(_ => connection.RequestClose(ResumableClosure, new ConnectionEnd(resume ? EndKind.Resume : EndKind.Identify, "no Hello", false, TimeSpan.Zero, TimeSpan.Zero)), null, _tuning.HelloTimeout, Timeout.InfiniteTimeSpan);
        ConnectionEnd end;
        try
        {
            end = await ReceiveLoopAsync(connection, resume);
        }
        finally
        {
            connection.HelloTimer.Dispose();
            connection.HeartbeatTimer?.Dispose();
        }

        // The client decided (stop, zombie, no Hello): that wins over however the socket ended.
        end = connection.Requested ?? end;
        connection.RequestClose(end.Kind == EndKind.Stop ? NormalClosure : ResumableClosure, end);
        connection.Outbound.Writer.TryComplete();
        try
        {
            await writer.WaitAsync(_tuning.SendTimeout, _time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            LogCloseTimedOut(_logger);
        }
        connection.CloseTimer?.Dispose();
        socket.Abort();
        return end with { Established = connection.Established, Lasted = _time.GetUtcNow() - started };
    }

    private async Task<ConnectionEnd> ReceiveLoopAsync(Connection connection, bool resume)
    {
        while (true)
        {
            GatewayFrame frame;
            try
            {
                frame = await connection.Socket.ReceiveAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                if (connection.Requested is { } requested)
                    return requested;
                LogDropped(_logger, ex.Message);
                return new ConnectionEnd(EndKind.Resume, $"connection dropped: {ex.Message}", false, TimeSpan.Zero, TimeSpan.Zero);
            }

            if (frame.IsClose)
                return connection.Requested ?? OnServerClose(frame.CloseCode, frame.CloseReason);
            if (connection.Requested is not null)
                continue;

            ConnectionEnd? end;
            try
            {
                end = Handle(frame.Text!, connection, resume, out var op);
                OpHandled?.Invoke(op);
            }
            catch (JsonException ex)
            {
                LogBadPayload(_logger, ex.Message);
                continue;
            }
            if (end is not null)
            {
                connection.RequestClose(end.Kind == EndKind.Stop ? NormalClosure : ResumableClosure, end);
                return end;
            }
        }
    }

    private ConnectionEnd? Handle(string text, Connection connection, bool resume, out int op)
    {
        op = -1;
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("op", out var opElement) || !opElement.TryGetInt32(out op))
            return null;
        if (root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var sequence))
            Interlocked.Exchange(ref _sequence, sequence);
        root.TryGetProperty("d", out var d);

        switch (op)
        {
            case 10:
                OnHello(d, connection, resume);
                return null;
            case 11:
                connection.Acked = true;
                return null;
            case 1:
                connection.Send(HeartbeatPayload());
                return null;
            case 7:
                LogServerRequested(_logger, "op 7 Reconnect");
                return new ConnectionEnd(EndKind.Resume, "op 7 Reconnect", false, TimeSpan.Zero, TimeSpan.Zero);
            case 9:
                var resumable = d.ValueKind == JsonValueKind.True;
                LogInvalidSession(_logger, resumable);
                return resumable && CanResume(out _)
                    ? new ConnectionEnd(EndKind.Resume, "op 9 Invalid Session (resumable)", false, TimeSpan.Zero, TimeSpan.Zero)
                    : new ConnectionEnd(EndKind.Identify, "op 9 Invalid Session", false, TimeSpan.Zero, _policy.InvalidSessionWait());
            case 0:
                var type = root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
                OnDispatch(type, d, connection);
                return null;
            default:
                return null;
        }
    }

    private void OnHello(JsonElement d, Connection connection, bool resume)
    {
        if (connection.HelloSeen)
            return;
        connection.HelloSeen = true;
        var interval = d.ValueKind == JsonValueKind.Object && d.TryGetProperty("heartbeat_interval", out var i) && i.TryGetInt32(out var ms) ? ms : 41_250;
        interval = Math.Clamp(interval, 100, 600_000);
        var period = TimeSpan.FromMilliseconds(interval);
        var jitter = TimeSpan.FromMilliseconds(interval * Math.Clamp(_tuning.Random(), 0, 1));
        connection.Acked = true;
        connection.HelloTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        // The heartbeat timer exists before Identify/Resume goes out.
        connection.HeartbeatTimer = _time.CreateTimer(_ => Beat(connection), null, jitter, period);

        if (resume)
        {
            string? sessionId;
            lock (_lock)
                sessionId = _sessionId;
            var resumePayload = new JsonObject
            {
                ["op"] = 6,
                ["d"] = new JsonObject { ["token"] = _options.Token, ["session_id"] = sessionId, ["seq"] = Sequence },
            };
            connection.Send(resumePayload.ToJsonString());
            Interlocked.Increment(ref _resumes);
            LogResuming(_logger, Sequence ?? -1);
        }
        else
        {
            var identify = new JsonObject
            {
                ["op"] = 2,
                ["d"] = new JsonObject
                {
                    ["token"] = _options.Token,
                    ["intents"] = 0,
                    ["properties"] = new JsonObject
                    {
                        ["os"] = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux",
                        ["browser"] = "chatopstrader",
                        ["device"] = "chatopstrader",
                    },
                },
            };
            _policy.RecordIdentify(_time.GetUtcNow());
            connection.Send(identify.ToJsonString());
            Interlocked.Increment(ref _identifies);
            LogIdentifying(_logger, _policy.IdentifiesToday);
        }
    }

    private void Beat(Connection connection)
    {
        if (connection.Requested is not null)
            return;
        if (!connection.Acked)
        {
            LogZombie(_logger);
            connection.RequestClose(ResumableClosure, new ConnectionEnd(EndKind.Resume, "no heartbeat ACK (zombie connection)", false, TimeSpan.Zero, TimeSpan.Zero));
            return;
        }
        connection.Acked = false;
        connection.Send(HeartbeatPayload());
    }

    private string HeartbeatPayload() => Sequence is { } s
        ? "{\"op\":1,\"d\":" + s.ToString(CultureInfo.InvariantCulture) + "}"
        : "{\"op\":1,\"d\":null}";

    private void OnDispatch(string type, JsonElement d, Connection connection)
    {
        switch (type)
        {
            case "READY":
                var sessionId = d.TryGetProperty("session_id", out var sid) ? sid.GetString() : null;
                var resumeUrl = d.TryGetProperty("resume_gateway_url", out var ru) ? ru.GetString() : null;
                var appId = d.TryGetProperty("application", out var app) && app.ValueKind == JsonValueKind.Object && app.TryGetProperty("id", out var aid) ? aid.GetString() : null;
                string? userId = null;
                string? userName = null;
                if (d.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object)
                {
                    userId = user.TryGetProperty("id", out var uid) ? uid.GetString() : null;
                    userName = user.TryGetProperty("username", out var un) ? un.GetString() : null;
                }
                if (sessionId is null || appId is null)
                {
                    LogBadPayload(_logger, "READY without session_id or application.id");
                    return;
                }
                lock (_lock)
                {
                    _sessionId = sessionId;
                    _resumeUrl = resumeUrl is not null && Uri.TryCreate(resumeUrl, UriKind.Absolute, out var r) && r.Scheme is "wss" or "ws" ? resumeUrl : _gatewayUrl;
                    _applicationId = appId;
                }
                connection.Established = true;
                _connected = true;
                _outageReported = false;
                LogReady(_logger, userName ?? "?", userId ?? "?");
                Invoke(() => Ready?.Invoke(new GatewayReady(sessionId, appId, userId, userName)));
                return;
            case "RESUMED":
                connection.Established = true;
                _connected = true;
                _outageReported = false;
                LogResumed(_logger, Sequence ?? -1);
                return;
            default:
                if (type.Length > 0)
                    Invoke(() => Dispatch?.Invoke(type, d));
                return;
        }
    }

    private void Invoke(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            LogHandlerFailed(_logger, ex);
        }
    }

    private ConnectionEnd OnServerClose(int? code, string? reason)
    {
        var meaning = code switch
        {
            4004 => "authentication failed: the bot token is wrong or was reset",
            4010 => "invalid shard",
            4011 => "sharding required",
            4012 => "invalid API version",
            4013 => "invalid intents",
            4014 => "disallowed intents (a privileged intent is not enabled in the Developer Portal)",
            4007 => "invalid sequence on resume",
            4009 => "session timed out",
            _ => reason ?? string.Empty,
        };
        if (code is 4004 or (>= 4010 and <= 4014))
        {
            LogFatalClose(_logger, code.Value, meaning);
            _health.Report(new DiscordProblem(_time.GetUtcNow(), $"gateway-closed-{code.Value}",
                $"Discord closed the gateway with {code.Value} ({meaning}). The Discord transport stopped and will not reconnect: fix the configuration (Discord__BotToken, Developer Portal settings) and restart.",
                Fatal: true));
            return new ConnectionEnd(EndKind.Stop, $"close {code.Value}", false, TimeSpan.Zero, TimeSpan.Zero);
        }
        LogServerClosed(_logger, code ?? 0, meaning);
        return code is 4007 or 4009
            ? new ConnectionEnd(EndKind.Identify, $"close {code.Value}: {meaning}", false, TimeSpan.Zero, TimeSpan.Zero)
            : new ConnectionEnd(EndKind.Resume, $"close {code?.ToString(CultureInfo.InvariantCulture) ?? "without code"}", false, TimeSpan.Zero, TimeSpan.Zero);
    }

    private async Task WriteLoopAsync(Connection connection)
    {
        try
        {
            await foreach (var item in connection.Outbound.Reader.ReadAllAsync(CancellationToken.None))
            {
                using var timeout = new CancellationTokenSource(_tuning.SendTimeout, _time);
                if (item.CloseCode is { } code)
                {
                    // Close handshake: the peer's close ends the receive loop; a peer that never answers (a zombie) is dropped.
                    connection.CloseTimer = _time.CreateTimer(_ => connection.Socket.Abort(), null, _tuning.CloseTimeout, Timeout.InfiniteTimeSpan);
                    await connection.Socket.CloseOutputAsync(code, code == NormalClosure ? "bye" : "reconnecting", timeout.Token);
                    return;
                }
                if (Encoding.UTF8.GetByteCount(item.Text!) > MaxPayloadBytes)
                {
                    LogBadPayload(_logger, "outgoing payload over 4096 bytes dropped");
                    continue;
                }
                await connection.Socket.SendAsync(item.Text!, timeout.Token);
            }
        }
        catch (Exception ex)
        {
            LogDropped(_logger, ex.Message);
            connection.Socket.Abort();
        }
    }

    private enum EndKind
    {
        Resume,
        Identify,
        Stop,
    }

    private sealed record ConnectionEnd(EndKind Kind, string Reason, bool Established, TimeSpan Lasted, TimeSpan ExtraWait);

    private sealed record Outbound(string? Text, int? CloseCode);

    private sealed class Connection(IGatewaySocket socket)
    {
        private ConnectionEnd? _requested;

        public IGatewaySocket Socket { get; } = socket;

        public Channel<Outbound> Outbound { get; } = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });

        public ITimer? HelloTimer { get; set; }

        public ITimer? HeartbeatTimer { get; set; }

        public ITimer? CloseTimer { get; set; }

        public volatile bool Acked = true;

        public volatile bool Established;

        public bool HelloSeen;

        public ConnectionEnd? Requested => Volatile.Read(ref _requested);

        public void Send(string text) => Outbound.Writer.TryWrite(new Outbound(text, null));

        /// <summary>Ends the connection from our side: the close frame goes out after anything already queued.</summary>
        public void RequestClose(int code, ConnectionEnd end)
        {
            if (Interlocked.CompareExchange(ref _requested, end, null) is null)
                Outbound.Writer.TryWrite(new Outbound(null, code));
        }
    }
}
