using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Discord;

/// <summary>One REST call the fake received.</summary>
public sealed record RestCall(string Kind, string Method, string Path, string? Authorization, JsonNode? Body, DateTimeOffset Time, string? Key, int Status)
{
    public override string ToString() => $"{Kind} {Method} {Status} {Key}";
}

/// <summary>Something that happened on the fake gateway.</summary>
public sealed record GatewayEvent(string Kind, int Connection, string? Path, string? Query, int? Op, JsonNode? Payload, int? CloseCode)
{
    public override string ToString() => $"#{Connection} {Kind}{(Op is { } op ? $" op {op}" : string.Empty)}{(CloseCode is { } c ? $" code {c}" : string.Empty)} {Path}";
}

/// <summary>
/// Our own fake Discord on 127.0.0.1: the REST routes the transport uses (with bot auth, rate-limit headers,
/// enforced bucket and global limits, forced 429s) and a WebSocket gateway (Hello, heartbeat ACK or not, Identify
/// → READY, Resume with replay → RESUMED, op 7, op 9, close codes, dropped sockets).
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string Token = "FAKE-bot-token.Zx9-SECRET-4b1d";
    public const string ApplicationId = "900000000000000001";
    public const string BotUserId = "900000000000000002";
    public const string GuildId = "800000000000000001";
    public const string ChannelId = "700000000000000001";

    private readonly WebApplication _app;
    private readonly Lock _gatewayLock = new();
    private readonly Lock _limitLock = new();
    private readonly Dictionary<string, (int Count, DateTimeOffset WindowEnd)> _buckets = [];
    private readonly LinkedList<DateTimeOffset> _globalArrivals = new();
    private readonly ConcurrentDictionary<string, byte> _answered = new();
    private FakeConnection? _current;
    private FakeSession? _session;
    private int _connectionIndex;
    private int _sessionIndex;
    private long _messageIds = 1_000_000;
    private int _count429;

    private FakeDiscord(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public string ApiBaseUrl => BaseUrl + "/api/v10";

    public Recorder<RestCall> Rest { get; } = new();

    public Recorder<GatewayEvent> Gateway { get; } = new();

    /// <summary>401 for every call with bot auth.</summary>
    public bool RejectToken { get; set; }

    public int HeartbeatIntervalMs { get; set; } = 45_000;

    public bool AckHeartbeats { get; set; } = true;

    /// <summary>Discord's session_start_limit.remaining.</summary>
    public int SessionStartRemaining { get; set; } = 1000;

    /// <summary>When set, Identify is answered with this close code instead of READY.</summary>
    public int? CloseCodeOnIdentify { get; set; }

    /// <summary>When set, channel messages are limited per channel: Limit requests per Window (headers report it).</summary>
    public (int Limit, TimeSpan Window)? ChannelLimit { get; set; }

    /// <summary>When set, at most this many bot-auth requests in any second; more get a global 429.</summary>
    public int? GlobalPerSecond { get; set; }

    /// <summary>Status to answer channel messages with (e.g. 403, 500) instead of creating them.</summary>
    public int? ChannelMessageStatus { get; set; }

    /// <summary>429s queued for the next channel messages: retry_after in seconds, global flag.</summary>
    public ConcurrentQueue<(double RetryAfter, bool Global)> Forced429 { get; } = new();

    /// <summary>429s the fake answered (forced or enforced).</summary>
    public int Count429 => Volatile.Read(ref _count429);

    /// <summary>The current session's id.</summary>
    public string? SessionId
    {
        get
        {
            lock (_gatewayLock)
                return _session?.Id;
        }
    }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        fake.Map(app);
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/api/v10/gateway/bot", GatewayBotAsync);
        app.MapPut("/api/v10/applications/{app}/guilds/{guild}/commands", CommandsAsync);
        app.MapPost("/api/v10/interactions/{id}/{token}/callback", CallbackAsync);
        app.MapMethods("/api/v10/webhooks/{app}/{token}/messages/{message}", ["PATCH", "DELETE"], OriginalAsync);
        app.MapPost("/api/v10/webhooks/{app}/{token}", FollowupAsync);
        app.MapPost("/api/v10/channels/{channel}/messages", MessageAsync);
        app.Map("/gateway", ctx => SocketAsync(ctx, "/gateway"));
        app.Map("/resume", ctx => SocketAsync(ctx, "/resume"));
    }

    // ---------- REST ----------

    private async Task GatewayBotAsync(HttpContext ctx)
    {
        if (!await AuthorizedAsync(ctx, "gateway-bot"))
            return;
        Record(ctx, "gateway-bot", null, null, 200);
        await JsonAsync(ctx, 200, new JsonObject
        {
            ["url"] = BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway",
            ["shards"] = 1,
            ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = SessionStartRemaining, ["reset_after"] = 60_000, ["max_concurrency"] = 1 },
        });
    }

    private async Task CommandsAsync(HttpContext ctx)
    {
        if (!await AuthorizedAsync(ctx, "commands"))
            return;
        var body = await BodyAsync(ctx);
        Record(ctx, "commands", body, (string?)ctx.Request.RouteValues["guild"], 200);
        await JsonAsync(ctx, 200, body ?? new JsonArray());
    }

    private async Task CallbackAsync(HttpContext ctx)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        var body = await BodyAsync(ctx);
        if (!_answered.TryAdd(id, 0))
        {
            Record(ctx, "callback", body, id, 400);
            await JsonAsync(ctx, 400, new JsonObject { ["code"] = 40060, ["message"] = "Interaction has already been acknowledged." });
            return;
        }
        Record(ctx, "callback", body, id, 204);
        ctx.Response.StatusCode = 204;
    }

    private async Task OriginalAsync(HttpContext ctx)
    {
        var body = await BodyAsync(ctx);
        var token = (string)ctx.Request.RouteValues["token"]!;
        if ((string?)ctx.Request.RouteValues["message"] != "@original")
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        var delete = ctx.Request.Method == "DELETE";
        Record(ctx, delete ? "delete-original" : "edit-original", body, token, delete ? 204 : 200);
        if (delete)
            ctx.Response.StatusCode = 204;
        else
            await JsonAsync(ctx, 200, new JsonObject { ["id"] = NextId() });
    }

    private async Task FollowupAsync(HttpContext ctx)
    {
        var body = await BodyAsync(ctx);
        Record(ctx, "followup", body, (string)ctx.Request.RouteValues["token"]!, 200);
        await JsonAsync(ctx, 200, new JsonObject { ["id"] = NextId() });
    }

    private async Task MessageAsync(HttpContext ctx)
    {
        if (!await AuthorizedAsync(ctx, "message"))
            return;
        var channel = (string)ctx.Request.RouteValues["channel"]!;
        var body = await BodyAsync(ctx);
        var now = DateTimeOffset.UtcNow;
        string? limited = null;
        double retryAfter = 0;
        var global = false;
        var headers = new Dictionary<string, string>();
        lock (_limitLock)
        {
            if (Forced429.TryDequeue(out var forced))
            {
                limited = "forced";
                retryAfter = forced.RetryAfter;
                global = forced.Global;
            }
            if (limited is null && GlobalPerSecond is { } perSecond)
            {
                while (_globalArrivals.First is { } first && first.Value + TimeSpan.FromSeconds(1) <= now)
                    _globalArrivals.RemoveFirst();
                if (_globalArrivals.Count >= perSecond)
                {
                    limited = "global";
                    global = true;
                    retryAfter = Math.Ceiling((_globalArrivals.First!.Value + TimeSpan.FromSeconds(1) - now).TotalMilliseconds) / 1000;
                }
                else
                {
                    _globalArrivals.AddLast(now);
                }
            }
            if (limited is null && ChannelLimit is { } limit)
            {
                var (count, end) = _buckets.TryGetValue(channel, out var b) ? b : (0, DateTimeOffset.MinValue);
                if (now >= end)
                    (count, end) = (0, now + limit.Window);
                if (count >= limit.Limit)
                {
                    limited = "bucket";
                    retryAfter = Math.Ceiling((end - now).TotalMilliseconds) / 1000;
                }
                else
                {
                    count++;
                    _buckets[channel] = (count, end);
                    headers["X-RateLimit-Bucket"] = "channel-messages";
                    headers["X-RateLimit-Limit"] = limit.Limit.ToString(CultureInfo.InvariantCulture);
                    headers["X-RateLimit-Remaining"] = (limit.Limit - count).ToString(CultureInfo.InvariantCulture);
                    headers["X-RateLimit-Reset-After"] = (Math.Ceiling((end - now).TotalMilliseconds) / 1000).ToString("0.000", CultureInfo.InvariantCulture);
                }
            }
        }

        if (limited is not null)
        {
            Interlocked.Increment(ref _count429);
            Record(ctx, "message", body, channel, 429);
            ctx.Response.Headers["Retry-After"] = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture);
            if (global)
                ctx.Response.Headers["X-RateLimit-Global"] = "true";
            ctx.Response.Headers["X-RateLimit-Scope"] = global ? "global" : "user";
            await JsonAsync(ctx, 429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = retryAfter, ["global"] = global });
            return;
        }
        if (ChannelMessageStatus is { } status)
        {
            Record(ctx, "message", body, channel, status);
            await JsonAsync(ctx, status, new JsonObject { ["code"] = status == 403 ? 50013 : 0, ["message"] = status == 403 ? "Missing Permissions" : "Server error" });
            return;
        }
        Record(ctx, "message", body, channel, 200);
        foreach (var (name, value) in headers)
            ctx.Response.Headers[name] = value;
        await JsonAsync(ctx, 200, new JsonObject { ["id"] = NextId(), ["channel_id"] = channel });
    }

    private async Task<bool> AuthorizedAsync(HttpContext ctx, string kind)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (!RejectToken && auth == "Bot " + Token && ctx.Request.Headers.UserAgent.ToString().StartsWith("DiscordBot (", StringComparison.Ordinal))
            return true;
        Record(ctx, kind, null, null, 401);
        await JsonAsync(ctx, 401, new JsonObject { ["message"] = "401: Unauthorized", ["code"] = 0 });
        return false;
    }

    private void Record(HttpContext ctx, string kind, JsonNode? body, string? key, int status) =>
        Rest.Add(new RestCall(kind, ctx.Request.Method, ctx.Request.Path, ctx.Request.Headers.Authorization.FirstOrDefault(), body, DateTimeOffset.UtcNow, key, status));

    private static async Task<JsonNode?> BodyAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static async Task JsonAsync(HttpContext ctx, int status, JsonNode body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString());
    }

    private string NextId() => Interlocked.Increment(ref _messageIds).ToString(CultureInfo.InvariantCulture);

    // ---------- Gateway ----------

    private async Task SocketAsync(HttpContext ctx, string path)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = 400;
            return;
        }
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeConnection(Interlocked.Increment(ref _connectionIndex), socket, ctx);
        lock (_gatewayLock)
            _current = connection;
        Gateway.Add(new GatewayEvent("connected", connection.Index, path, ctx.Request.QueryString.Value, null, null, null));
        await connection.SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = HeartbeatIntervalMs } });

        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, ctx.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        Gateway.Add(new GatewayEvent("closed", connection.Index, path, null, null, null, (int?)socket.CloseStatus));
                        Detach(connection);
                        try
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        }
                        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
                        {
                        }
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                var payload = JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!;
                var op = payload["op"]!.GetValue<int>();
                Gateway.Add(new GatewayEvent("received", connection.Index, path, null, op, payload, null));
                await OnClientPayloadAsync(connection, op, payload);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ConnectionAbortedException or IOException)
        {
            Gateway.Add(new GatewayEvent("dropped", connection.Index, path, null, null, null, null));
            Detach(connection);
        }
    }

    private void Detach(FakeConnection connection)
    {
        lock (_gatewayLock)
        {
            if (_current == connection)
                _current = null;
        }
    }

    private async Task OnClientPayloadAsync(FakeConnection connection, int op, JsonNode payload)
    {
        switch (op)
        {
            case 1:
                if (AckHeartbeats)
                    await connection.SendAsync(new JsonObject { ["op"] = 11 });
                break;
            case 2:
                if (payload["d"]?["token"]?.GetValue<string>() != Token)
                {
                    await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)4004, "Authentication failed.", CancellationToken.None);
                    return;
                }
                if (CloseCodeOnIdentify is { } code)
                {
                    await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)code, "closing", CancellationToken.None);
                    return;
                }
                FakeSession session;
                lock (_gatewayLock)
                {
                    session = new FakeSession($"session-{Interlocked.Increment(ref _sessionIndex)}");
                    _session = session;
                }
                var resumeUrl = BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/resume";
                await SendDispatchAsync(connection, session, "READY", new JsonObject
                {
                    ["v"] = 10,
                    ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = "chatops-test", ["bot"] = true },
                    ["guilds"] = new JsonArray(new JsonObject { ["id"] = GuildId, ["unavailable"] = true }),
                    ["session_id"] = session.Id,
                    ["resume_gateway_url"] = resumeUrl,
                    ["application"] = new JsonObject { ["id"] = ApplicationId, ["flags"] = 0 },
                }, ready: true);
                break;
            case 6:
                var d = payload["d"]!;
                FakeSession? current;
                lock (_gatewayLock)
                    current = _session;
                if (d["token"]?.GetValue<string>() != Token || current is null || d["session_id"]?.GetValue<string>() != current.Id)
                {
                    await connection.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false });
                    return;
                }
                var seq = d["seq"]?.GetValue<long>() ?? 0;
                List<JsonObject> replay;
                lock (_gatewayLock)
                    replay = [.. current.Log.Where(e => e["s"]!.GetValue<long>() > seq).Select(e => (JsonObject)e.DeepClone())];
                foreach (var e in replay)
                    await connection.SendAsync(e);
                await SendDispatchAsync(connection, current, "RESUMED", new JsonObject(), ready: true);
                break;
        }
    }

    private async Task SendDispatchAsync(FakeConnection connection, FakeSession session, string type, JsonObject data, bool ready)
    {
        JsonObject payload;
        lock (_gatewayLock)
        {
            payload = new JsonObject { ["op"] = 0, ["t"] = type, ["s"] = ++session.Sequence, ["d"] = data };
            session.Log.Add((JsonObject)payload.DeepClone());
            if (ready)
                connection.Ready = true;
        }
        await connection.SendAsync(payload);
    }

    /// <summary>Dispatches an event: sent now when a session is live, otherwise kept for the replay on Resume.</summary>
    public async Task DispatchAsync(string type, JsonNode data)
    {
        FakeConnection? connection;
        JsonObject payload;
        lock (_gatewayLock)
        {
            var session = _session ?? throw new InvalidOperationException("no session yet");
            payload = new JsonObject { ["op"] = 0, ["t"] = type, ["s"] = ++session.Sequence, ["d"] = data.DeepClone() };
            session.Log.Add((JsonObject)payload.DeepClone());
            connection = _current is { Ready: true } c ? c : null;
        }
        if (connection is not null)
            await connection.SendAsync(payload);
    }

    /// <summary>Sends a raw opcode on the current connection (op 1, 7, 9…).</summary>
    public Task SendOpAsync(int op, JsonNode? d = null)
    {
        var connection = Current();
        return connection.SendAsync(new JsonObject { ["op"] = op, ["d"] = d?.DeepClone() });
    }

    /// <summary>Closes the current connection from the server side with <paramref name="code"/>.</summary>
    public Task CloseAsync(int code)
    {
        var connection = Current();
        Detach(connection);
        return connection.Socket.CloseOutputAsync((WebSocketCloseStatus)code, "server close", CancellationToken.None);
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Drop()
    {
        var connection = Current();
        Detach(connection);
        connection.Context.Abort();
    }

    private FakeConnection Current()
    {
        lock (_gatewayLock)
            return _current ?? throw new InvalidOperationException("no gateway connection");
    }

    /// <summary>An application command interaction as Discord dispatches it in a guild.</summary>
    public static JsonObject SlashCommand(string interactionId, string userId, string name, params (string Name, int Type, JsonNode Value)[] options)
    {
        var data = new JsonObject { ["id"] = "600000000000000001", ["name"] = name, ["type"] = 1 };
        if (options.Length > 0)
            data["options"] = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject { ["name"] = o.Name, ["type"] = o.Type, ["value"] = o.Value.DeepClone() })]);
        return Interaction(interactionId, 2, userId, data);
    }

    /// <summary>A button click interaction.</summary>
    public static JsonObject ButtonClick(string interactionId, string userId, string customId) =>
        Interaction(interactionId, 3, userId, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 });

    public static string TokenFor(string interactionId) => "itok-" + interactionId + "_Xy.z";

    private static JsonObject Interaction(string interactionId, int type, string userId, JsonObject data) => new()
    {
        ["id"] = interactionId,
        ["application_id"] = ApplicationId,
        ["type"] = type,
        ["token"] = TokenFor(interactionId),
        ["version"] = 1,
        ["guild_id"] = GuildId,
        ["channel_id"] = ChannelId,
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = "user" + userId[^3..] },
            ["permissions"] = "0",
            ["roles"] = new JsonArray(),
        },
        ["data"] = data,
        ["locale"] = "en-US",
        ["app_permissions"] = "0",
    };

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private sealed class FakeSession(string id)
    {
        public string Id { get; } = id;

        public long Sequence { get; set; }

        public List<JsonObject> Log { get; } = [];
    }

    private sealed class FakeConnection(int index, WebSocket socket, HttpContext context)
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public int Index { get; } = index;

        public WebSocket Socket { get; } = socket;

        public HttpContext Context { get; } = context;

        public bool Ready { get; set; }

        public async Task SendAsync(JsonNode payload)
        {
            await _send.WaitAsync();
            try
            {
                if (Socket.State == WebSocketState.Open)
                    await Socket.SendAsync(Encoding.UTF8.GetBytes(payload.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
