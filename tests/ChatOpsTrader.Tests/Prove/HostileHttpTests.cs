using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatOpsTrader.Tests.Support;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// Hostile bodies on the real host: POST /api/commands and POST /api/orders with malformed JSON, huge bodies, wrong
/// content types, deep nesting, wrong types, missing fields, duplicate fields, negative, NaN and huge quantities;
/// query strings that are not numbers. Each gets a 4xx with a JSON error that says what is wrong; nothing changes
/// and the host keeps serving.
/// </summary>
[Collection("host")]
public class HostileHttpTests(HostFixture fixture, ITestOutputHelper output) : IClassFixture<HostFixture>
{
    private const string Json = "application/json";
    private static int _keys;

    private HostProcess Host => fixture.Host;

    public static TheoryData<string, string> CommandBodies => new()
    {
        { "truncated", "{\"text\":" },
        { "empty", string.Empty },
        { "null", "null" },
        { "array", "[]" },
        { "string", "\"/halt\"" },
        { "number text", "{\"text\":42}" },
        { "object text", "{\"text\":{\"a\":1}}" },
        { "array text", "{\"text\":[\"/halt\"]}" },
        { "null text", "{\"text\":null}" },
        { "no text", "{}" },
        { "blank text", "{\"text\":\"   \"}" },
        { "deep nesting", "{\"text\":" + new string('[', 5000) + new string(']', 5000) + "}" },
        { "deep nesting elsewhere", "{\"x\":" + new string('[', 1000) + new string(']', 1000) + ",\"text\":\"/halt\"}" },
        { "duplicate text", "{\"text\":\"/status\",\"text\":\"/halt smuggled\"}" },
        { "lone surrogate escape", "{\"text\":\"/halt \\ud800\"}" },
        { "trailing garbage", "{\"text\":\"/halt\"} {\"text\":\"/halt\"}" },
        { "comment", "{\"text\":\"/halt\" /* hi */}" },
        { "single quotes", "{'text':'/halt'}" },
        { "NaN literal", "{\"text\":NaN}" },
    };

    public static TheoryData<string, string> OrderBodies => new()
    {
        { "truncated", "{\"symbol\":\"AAPL\"," },
        { "null", "null" },
        { "array", "[1,2,3]" },
        { "no symbol", "{\"side\":\"buy\",\"quantity\":1}" },
        { "no side", "{\"symbol\":\"AAPL\",\"quantity\":1}" },
        { "no quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\"}" },
        { "bad side", "{\"symbol\":\"AAPL\",\"side\":\"up\",\"quantity\":1}" },
        { "bad type", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1,\"type\":\"iceberg\"}" },
        { "negative quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":-1}" },
        { "zero quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":0}" },
        { "NaN quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":\"NaN\"}" },
        { "Infinity quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":\"Infinity\"}" },
        { "NaN literal", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":NaN}" },
        { "overflowing quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1e400}" },
        { "quantity beyond decimal", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":79228162514264337593543950336}" },
        { "boolean quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":true}" },
        { "array quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":[1]}" },
        { "huge quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1e20}" },
        { "fractional quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":0.5}" },
        { "tiny quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1e-20}" },
        { "negative limit", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1,\"type\":\"limit\",\"limitPrice\":-190}" },
        { "NaN limit", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1,\"type\":\"limit\",\"limitPrice\":\"NaN\"}" },
        { "limit on market", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1,\"type\":\"market\",\"limitPrice\":190}" },
        { "script symbol", "{\"symbol\":\"<script>alert(1)</script>\",\"side\":\"buy\",\"quantity\":1}" },
        { "control symbol", "{\"symbol\":\"AA\\u0000PL\",\"side\":\"buy\",\"quantity\":1}" },
        { "long symbol", "{\"symbol\":\"" + new string('A', 5000) + "\",\"side\":\"buy\",\"quantity\":1}" },
        { "duplicate quantity", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1,\"quantity\":1000000}" },
        { "deep nesting", "{\"symbol\":\"AAPL\",\"x\":" + new string('{', 0) + new string('[', 3000) + new string(']', 3000) + "}" },
    };

    [Theory]
    [MemberData(nameof(CommandBodies))]
    public async Task A_hostile_command_body_gets_a_clear_400_and_changes_nothing(string what, string body)
    {
        var before = await ProveHttp.StateAsync(Host);
        var (status, json) = await PostAsync("/api/commands", body, Json);
        AssertClearError(what, status, json, HttpStatusCode.BadRequest);
        Assert.Equal(before, await ProveHttp.StateAsync(Host));
    }

    [Theory]
    [MemberData(nameof(OrderBodies))]
    public async Task A_hostile_order_body_gets_a_clear_4xx_and_sends_nothing(string what, string body)
    {
        var before = await ProveHttp.StateAsync(Host);
        var (status, json) = await PostAsync("/api/orders", body, Json, apiKey: HostProcess.ApiKey);
        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{what}: {(int)status} {json}");
        if (status == HttpStatusCode.UnprocessableEntity)
        {
            Assert.False(json.GetProperty("accepted").GetBoolean());
            Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("rule").GetString()), $"{what}: {json}");
            Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()), $"{what}: {json}");
        }
        else
        {
            AssertClearError(what, status, json, HttpStatusCode.BadRequest);
        }
        output.WriteLine($"{what}: {(int)status} {json}");
        Assert.Equal(before, await ProveHttp.StateAsync(Host));
    }

    [Fact]
    public async Task Wrong_content_types_huge_bodies_and_bad_headers_are_refused_and_the_host_keeps_serving()
    {
        var before = await ProveHttp.StateAsync(Host);
        foreach (var path in new[] { "/api/commands", "/api/orders" })
        {
            foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/json" })
                AssertClearError($"{path} as {type}", await PostAsync(path, "{\"text\":\"/halt\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1}", type, apiKey: HostProcess.ApiKey), HttpStatusCode.UnsupportedMediaType);
            AssertClearError($"{path} without a content type", await PostAsync(path, "{\"text\":\"/halt\"}", null, apiKey: HostProcess.ApiKey), HttpStatusCode.UnsupportedMediaType);

            // 10 MB announced: refused from the header, unread.
            AssertClearError($"{path} 10 MB", await PostAsync(path, "{\"text\":\"" + new string('x', 10_000_000) + "\"}", Json, apiKey: HostProcess.ApiKey), HttpStatusCode.RequestEntityTooLarge);
            // 1 MB streamed without a length: refused while reading.
            AssertClearError($"{path} 1 MB chunked", await PostAsync(path, "{\"text\":\"" + new string('x', 1_000_000) + "\"}", Json, apiKey: HostProcess.ApiKey, chunked: true), HttpStatusCode.RequestEntityTooLarge);
            // Invalid UTF-8.
            AssertClearError($"{path} invalid UTF-8", await PostAsync(path, [.. "{\"text\":\"/halt "u8, 0xff, 0xfe, .. "\"}"u8], Json, apiKey: HostProcess.ApiKey), HttpStatusCode.BadRequest);
        }

        AssertClearError("no idempotency key", await PostAsync("/api/orders", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1}", Json, apiKey: HostProcess.ApiKey, idempotencyKey: string.Empty), HttpStatusCode.BadRequest);
        AssertClearError("long idempotency key", await PostAsync("/api/orders", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":1}", Json, apiKey: HostProcess.ApiKey, idempotencyKey: new string('k', 65)), HttpStatusCode.BadRequest);

        foreach (var query in new[] { "/api/audit?limit=abc", "/api/audit?limit=-1", "/api/audit?limit=99999999999999", "/api/audit?limit=1e3", "/api/trades?filter=%3Cscript%3E", "/api/trades?filter=-5", "/api/trades?filter=%00" })
        {
            using var response = await Host.Client.GetAsync(query);
            AssertClearError(query, (response.StatusCode, await ReadJsonAsync(response)), HttpStatusCode.BadRequest);
        }

        // Hostile text in a well-formed body is the router's business: a warning reply, nothing done.
        foreach (var text in new[] { "/halt \u0000", "/halt\u202E reversed", "/" + new string('h', 60_000), "<script>alert(1)</script>", "/confirm " + new string('0', 32) })
        {
            var (status, json) = await PostAsync("/api/commands", JsonSerializer.Serialize(new { text }), Json);
            Assert.True(status == HttpStatusCode.OK, $"{(int)status} {json}");
            Assert.Equal("warning", json.GetProperty("severity").GetString());
        }

        Assert.Equal(before, await ProveHttp.StateAsync(Host));
        var health = await Host.Client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Contains("Role: admin", (await Host.CommandAsync("/whoami")).GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static void AssertClearError(string what, (HttpStatusCode Status, JsonElement Json) result, HttpStatusCode expected)
    {
        Assert.True(result.Status == expected, $"{what}: expected {(int)expected}, got {(int)result.Status} {result.Json}");
        Assert.True(result.Json.ValueKind == JsonValueKind.Object && result.Json.TryGetProperty("error", out var error) && !string.IsNullOrWhiteSpace(error.GetString()), $"{what}: no JSON error: {result.Json}");
        Assert.True(result.Json.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()), $"{what}: the error does not say what is wrong: {result.Json}");
    }

    private static void AssertClearError(string what, HttpStatusCode status, JsonElement json, HttpStatusCode expected) => AssertClearError(what, (status, json), expected);

    private Task<(HttpStatusCode, JsonElement)> PostAsync(string path, string body, string? contentType, string? apiKey = null, string? idempotencyKey = null, bool chunked = false) =>
        PostAsync(path, Encoding.UTF8.GetBytes(body), contentType, apiKey, idempotencyKey, chunked);

    private async Task<(HttpStatusCode, JsonElement)> PostAsync(string path, byte[] body, string? contentType, string? apiKey = null, string? idempotencyKey = null, bool chunked = false)
    {
        HttpContent content = chunked ? new StreamContent(new NoLengthStream(body)) : new ByteArrayContent(body);
        if (contentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HostProcess.Token);
        if (apiKey is not null)
            request.Headers.Add("X-Api-Key", apiKey);
        var key = idempotencyKey ?? "hostile-" + Interlocked.Increment(ref _keys).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        if (key.Length > 0)
            request.Headers.Add("Idempotency-Key", key);
        if (chunked)
            request.Headers.TransferEncodingChunked = true;
        else if (body.Length > 1_000_000)
            request.Headers.ExpectContinue = true; // the server refuses from the header; don't push 10 MB at a closed door
        using var client = new HttpClient { BaseAddress = Host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await ReadJsonAsync(response));
        }
        catch (HttpRequestException ex)
        {
            // The server may answer and close before the whole body is sent; a reset while sending is not an answer.
            throw new InvalidOperationException($"POST {path}: no answer ({ex.Message})", ex);
        }
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(JsonSerializer.Serialize(new { notJson = text, contentType = response.Content.Headers.ContentType?.ToString() })).RootElement.Clone();
        }
    }

    /// <summary>A stream that hides its length, so the body goes out chunked.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
