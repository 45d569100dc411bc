using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChatOpsTrader.Host.Drills;

/// <summary>
/// A stand-in for the Telegram Bot API on 127.0.0.1, for the alert-channel drills: it answers what the bot's
/// Telegram transport calls, records every message sent, and can be switched to failing (HTTP 502 on sendMessage,
/// as when Telegram has an outage).
/// </summary>
public sealed class FakeTelegramApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _messages = new();
    private volatile bool _failing;
    private int _failures;

    private FakeTelegramApi(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as <c>Telegram__ApiBaseUrl</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Texts of the messages delivered so far.</summary>
    public IReadOnlyCollection<string> Messages => _messages;

    /// <summary>sendMessage calls refused while failing.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>True while sendMessage fails.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FakeTelegramApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeTelegramApi(app);
        app.MapPost("/bot{token}/{method}", (string token, string method, HttpContext http) => fake.HandleAsync(method, http));
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    private async Task<IResult> HandleAsync(string method, HttpContext http)
    {
        switch (method)
        {
            case "getMe":
                return Ok(new JsonObject { ["id"] = 4242, ["is_bot"] = true, ["first_name"] = "drill", ["username"] = "drill_bot" });
            case "getUpdates":
                await Task.Delay(TimeSpan.FromSeconds(1), http.RequestAborted);
                return Ok(new JsonArray());
            case "sendMessage":
                if (_failing)
                {
                    Interlocked.Increment(ref _failures);
                    return Results.Json(new JsonObject { ["ok"] = false, ["error_code"] = 502, ["description"] = "Bad Gateway" }, statusCode: 502);
                }
                var body = await JsonSerializer.DeserializeAsync<JsonObject>(http.Request.Body, cancellationToken: http.RequestAborted);
                _messages.Enqueue(body?["text"]?.GetValue<string>() ?? string.Empty);
                return Ok(new JsonObject
                {
                    ["message_id"] = _messages.Count,
                    ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["chat"] = new JsonObject { ["id"] = body?["chat_id"]?.DeepClone(), ["type"] = "private" },
                    ["text"] = body?["text"]?.DeepClone(),
                });
            default:
                return Ok(true);
        }
    }

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
