using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>The outcome of one REST call. Never carries the token.</summary>
/// <param name="Status">HTTP status, or 0 when no response arrived (network, timeout, transport stopped).</param>
/// <param name="Body">The JSON body, when there was one.</param>
/// <param name="ErrorCode">Discord's JSON error code (10062 unknown interaction, 50013 missing permission…).</param>
/// <param name="Detail">What happened, in words.</param>
/// <param name="Retryable">True when trying again later may work (network, 429, 5xx).</param>
public sealed record DiscordResponse(int Status, JsonNode? Body, int? ErrorCode, string Detail, bool Retryable)
{
    /// <summary>True for a 2xx answer.</summary>
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>The few Discord REST calls the transport needs.</summary>
public interface IDiscordRestClient
{
    /// <summary><c>GET /gateway/bot</c>: the gateway URL and the Identify budget.</summary>
    Task<DiscordResponse> GetGatewayBotAsync(CancellationToken cancellationToken);

    /// <summary><c>PUT /applications/{app}/guilds/{guild}/commands</c>: replaces every command of the guild.</summary>
    Task<DiscordResponse> BulkOverwriteGuildCommandsAsync(string applicationId, string guildId, JsonArray commands, CancellationToken cancellationToken);

    /// <summary><c>POST /interactions/{id}/{token}/callback</c>: the first answer to an interaction (within 3 s).</summary>
    Task<DiscordResponse> CreateInteractionResponseAsync(string interactionId, string interactionToken, JsonObject response, CancellationToken cancellationToken);

    /// <summary><c>PATCH /webhooks/{app}/{token}/messages/@original</c>: completes a deferred answer.</summary>
    Task<DiscordResponse> EditOriginalResponseAsync(string applicationId, string interactionToken, JsonObject message, CancellationToken cancellationToken);

    /// <summary><c>DELETE /webhooks/{app}/{token}/messages/@original</c>.</summary>
    Task<DiscordResponse> DeleteOriginalResponseAsync(string applicationId, string interactionToken, CancellationToken cancellationToken);

    /// <summary><c>POST /webhooks/{app}/{token}</c>: a follow-up message (may be ephemeral).</summary>
    Task<DiscordResponse> CreateFollowupMessageAsync(string applicationId, string interactionToken, JsonObject message, CancellationToken cancellationToken);

    /// <summary><c>POST /channels/{channel}/messages</c> with the bot token (alerts).</summary>
    Task<DiscordResponse> CreateMessageAsync(string channelId, JsonObject message, CancellationToken cancellationToken);
}

/// <summary>
/// Discord REST over <see cref="HttpClient"/>: bot auth only where needed, per-bucket and global rate limits from the
/// response headers, 429s honoured (<c>retry_after</c>, <c>global</c>), at most 50 requests per second overall.
/// A 401 stops the transport for good and is reported through <see cref="DiscordHealth"/>: repeating it would count
/// toward Cloudflare's invalid-request ban. The token appears only in the <c>Authorization</c> header.
/// </summary>
public sealed partial class DiscordRestClient : IDiscordRestClient, IDisposable
{
    /// <summary>The User-Agent Discord asks bots to send.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/chatopstrader/chatopstrader, 1.0)";

    private readonly DiscordOptions _options;
    private readonly DiscordHealth _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly string _base;
    private readonly DiscordRateLimiter _limiter;
    private int _rateLimited;

    /// <summary>Creates the client; <paramref name="handler"/> replaces the socket handler (tests).</summary>
    public DiscordRestClient(DiscordOptions options, DiscordHealth health, TimeProvider timeProvider, ILogger<DiscordRestClient> logger, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _health = health;
        _time = timeProvider;
        _logger = logger;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
        _base = (options.ApiBaseUrl ?? DiscordOptions.DefaultApiBaseUrl).TrimEnd('/');
        _limiter = new DiscordRateLimiter(timeProvider, Math.Max(1, options.GlobalRequestsPerSecond));
    }

    /// <summary>Attempts per call when Discord answers 429 (a wait longer than <see cref="MaxRetryWait"/> is not waited for).</summary>
    internal int MaxAttempts { get; init; } = 3;

    /// <summary>The longest 429 wait the client sits out before retrying by itself.</summary>
    internal TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>429s received so far (counted once the wait they impose is in force).</summary>
    public int RateLimitedCount => Volatile.Read(ref _rateLimited);

    /// <inheritdoc />
    public Task<DiscordResponse> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/gateway/bot", "GET /gateway/bot|bot", null, botAuth: true, interaction: false, cancellationToken);

    /// <inheritdoc />
    public Task<DiscordResponse> BulkOverwriteGuildCommandsAsync(string applicationId, string guildId, JsonArray commands, CancellationToken cancellationToken)
    {
        RequireSnowflake(applicationId, nameof(applicationId));
        RequireSnowflake(guildId, nameof(guildId));
        return SendAsync(HttpMethod.Put, $"/applications/{applicationId}/guilds/{guildId}/commands", $"PUT /applications/{{app}}/guilds/{{guild}}/commands|guild:{guildId}", commands, botAuth: true, interaction: false, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DiscordResponse> CreateInteractionResponseAsync(string interactionId, string interactionToken, JsonObject response, CancellationToken cancellationToken)
    {
        RequireSnowflake(interactionId, nameof(interactionId));
        var token = InteractionToken(interactionToken);
        return SendAsync(HttpMethod.Post, $"/interactions/{interactionId}/{token}/callback", $"POST /interactions/{{id}}/{{token}}/callback|interaction:{interactionId}", response, botAuth: false, interaction: true, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DiscordResponse> EditOriginalResponseAsync(string applicationId, string interactionToken, JsonObject message, CancellationToken cancellationToken)
    {
        RequireSnowflake(applicationId, nameof(applicationId));
        var token = InteractionToken(interactionToken);
        return SendAsync(HttpMethod.Patch, $"/webhooks/{applicationId}/{token}/messages/@original", $"PATCH /webhooks/{{app}}/{{token}}/messages/@original|webhook:{Short(token)}", message, botAuth: false, interaction: true, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DiscordResponse> DeleteOriginalResponseAsync(string applicationId, string interactionToken, CancellationToken cancellationToken)
    {
        RequireSnowflake(applicationId, nameof(applicationId));
        var token = InteractionToken(interactionToken);
        return SendAsync(HttpMethod.Delete, $"/webhooks/{applicationId}/{token}/messages/@original", $"DELETE /webhooks/{{app}}/{{token}}/messages/@original|webhook:{Short(token)}", null, botAuth: false, interaction: true, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DiscordResponse> CreateFollowupMessageAsync(string applicationId, string interactionToken, JsonObject message, CancellationToken cancellationToken)
    {
        RequireSnowflake(applicationId, nameof(applicationId));
        var token = InteractionToken(interactionToken);
        return SendAsync(HttpMethod.Post, $"/webhooks/{applicationId}/{token}", $"POST /webhooks/{{app}}/{{token}}|webhook:{Short(token)}", message, botAuth: false, interaction: true, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DiscordResponse> CreateMessageAsync(string channelId, JsonObject message, CancellationToken cancellationToken)
    {
        RequireSnowflake(channelId, nameof(channelId));
        return SendAsync(HttpMethod.Post, $"/channels/{channelId}/messages", $"POST /channels/{{channel}}/messages|channel:{channelId}", message, botAuth: true, interaction: false, cancellationToken);
    }

    private async Task<DiscordResponse> SendAsync(HttpMethod method, string path, string routeKey, JsonNode? body, bool botAuth, bool interaction, CancellationToken cancellationToken)
    {
        var route = routeKey[..routeKey.IndexOf('|', StringComparison.Ordinal)];
        var payload = body?.ToJsonString();
        for (var attempt = 1; ; attempt++)
        {
            if (Stopped(out var stopped))
                return stopped;
            using var lease = await _limiter.AcquireAsync(routeKey, interaction, cancellationToken);
            if (Stopped(out stopped))
                return stopped;

            using var request = new HttpRequestMessage(method, _base + path);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            if (botAuth)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
            if (payload is not null)
                request.Content = new StringContent(payload, Encoding.UTF8, "application/json");

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                LogNetworkError(_logger, route, ex.Message);
                return new DiscordResponse(0, null, null, $"{route}: network error: {ex.Message}", Retryable: true);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                LogNetworkError(_logger, route, "timed out");
                return new DiscordResponse(0, null, null, $"{route}: timed out", Retryable: true);
            }

            using (response)
            {
                var info = DiscordRateLimiter.RateLimitInfo.FromHeaders(response);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var json = TryParse(text);
                var status = (int)response.StatusCode;
                int? code = json is JsonObject o && o["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : null;
                var message = json is JsonObject m && m["message"] is JsonValue mv && mv.TryGetValue<string>(out var s) ? s : response.ReasonPhrase ?? string.Empty;

                if (status == 429)
                {
                    var retryAfter = json is JsonObject r && r["retry_after"] is JsonValue rv && rv.TryGetValue<double>(out var seconds) && seconds >= 0 && seconds < 86_400
                        ? TimeSpan.FromSeconds(seconds)
                        : info.RetryAfter;
                    var global = info.Global || (json is JsonObject g && g["global"] is JsonValue gv && gv.TryGetValue<bool>(out var isGlobal) && isGlobal);
                    info = info with { RetryAfter = retryAfter, Global = global };
                    lease.Observe(info);
                    lease.Dispose();
                    Interlocked.Increment(ref _rateLimited);
                    LogRateLimited(_logger, route, retryAfter.TotalSeconds, global, attempt);
                    if (attempt < MaxAttempts && retryAfter <= MaxRetryWait)
                        continue;
                    return new DiscordResponse(429, json, code, $"{route}: rate limited (429, retry after {retryAfter.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s{(global ? ", global" : string.Empty)})", Retryable: true);
                }

                lease.Observe(info);
                if (status is >= 200 and < 300)
                    return new DiscordResponse(status, json, null, $"{route}: {status}", Retryable: false);

                var detail = $"{route}: HTTP {status}{(code is { } k ? $" code {k}" : string.Empty)}: {Clip(message)}";
                if (status == 401 && botAuth)
                {
                    LogUnauthorized(_logger, route);
                    _health.Report(new DiscordProblem(_time.GetUtcNow(), "unauthorized",
                        "Discord rejected the bot token (HTTP 401). The Discord transport stopped: reset the token in the Developer Portal (Bot, Reset Token), set Discord__BotToken and restart.",
                        Fatal: true));
                    return new DiscordResponse(status, json, code, detail, Retryable: false);
                }
                LogFailed(_logger, route, status, code, Clip(message));
                return new DiscordResponse(status, json, code, detail, Retryable: status >= 500);
            }
        }
    }

    private bool Stopped(out DiscordResponse response)
    {
        if (!_options.IsConfigured)
        {
            response = new DiscordResponse(0, null, null, "Discord is off (no Discord__BotToken)", Retryable: false);
            return true;
        }
        if (_health.IsStopped)
        {
            response = new DiscordResponse(0, null, null, $"Discord transport stopped: {_health.StopReason?.Kind ?? "stopped"}", Retryable: false);
            return true;
        }
        response = null!;
        return false;
    }

    private static JsonNode? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static void RequireSnowflake(string value, string name)
    {
        if (!DiscordOptions.IsSnowflake(value))
            throw new ArgumentException("Not a Discord id.", name);
    }

    private static string InteractionToken(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 500 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new ArgumentException("Not an interaction token.", nameof(token));
        return token;
    }

    // Route keys need a per-webhook major parameter without keeping whole tokens around.
    private static string Short(string token) => token.Length <= 24 ? token : token[^24..];

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "Discord {Route}: rate limited, retry after {Seconds} s (global {Global}, attempt {Attempt})")]
    private static partial void LogRateLimited(ILogger logger, string route, double seconds, bool global, int attempt);

    [LoggerMessage(EventId = 601, Level = LogLevel.Critical, Message = "Discord {Route}: HTTP 401, the bot token was rejected. The Discord transport stops; set a valid Discord__BotToken and restart")]
    private static partial void LogUnauthorized(ILogger logger, string route);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Discord {Route}: HTTP {Status} (code {Code}): {Message}")]
    private static partial void LogFailed(ILogger logger, string route, int status, int? code, string message);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "Discord {Route}: {Error}")]
    private static partial void LogNetworkError(ILogger logger, string route, string error);
}
