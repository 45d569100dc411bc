using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// The web row of the security table, end to end on the real host: the bearer token holder is the admin (the host
/// assigns it, and says so), and without the exact token every API call, every command of the catalogue included,
/// gets 401 with no data and changes nothing. Strategy API keys and the web token are not interchangeable.
/// </summary>
[Collection("host")]
public class WebSecurityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task The_token_holder_is_the_web_admin()
    {
        var whoami = (await Host.CommandAsync("/whoami")).GetProperty("text").GetString()!;
        Assert.Contains("Transport: web", whoami, StringComparison.Ordinal);
        Assert.Contains("User id: web", whoami, StringComparison.Ordinal);
        Assert.Contains("Role: admin", whoami, StringComparison.Ordinal);
        var help = (await Host.CommandAsync("/help")).GetProperty("text").GetString()!;
        Assert.Contains("/flatten", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_exact_token_every_call_and_every_command_is_401_with_no_data_and_changes_nothing()
    {
        var before = await StateAsync();
        using var plain = new HttpClient { BaseAddress = Host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var token = HostProcess.Token;
        var credentials = new (string What, Action<HttpRequestMessage> Apply)[]
        {
            ("none", _ => { }),
            ("wrong token", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token-0123456789abcdef")),
            ("token plus a character", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token + "x")),
            ("token minus a character", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token[..^1])),
            ("empty bearer", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer ")),
            ("basic scheme", r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("web:" + token)))),
            ("token without scheme", r => r.Headers.TryAddWithoutValidation("Authorization", token)),
            ("strategy API key as bearer", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HostProcess.ApiKey)),
            ("token in the API key header", r => r.Headers.Add("X-Api-Key", token)),
        };
        var requests = new List<Func<HttpRequestMessage>>
        {
            () => new HttpRequestMessage(HttpMethod.Get, "/api/status"),
            () => new HttpRequestMessage(HttpMethod.Get, "/api/positions"),
            () => new HttpRequestMessage(HttpMethod.Get, "/api/orders"),
            () => new HttpRequestMessage(HttpMethod.Get, "/api/trades?filter=losers"),
            () => new HttpRequestMessage(HttpMethod.Get, "/api/incidents"),
            () => new HttpRequestMessage(HttpMethod.Get, "/api/audit"),
            () => new HttpRequestMessage(HttpMethod.Get, $"/api/status?token={token}"),
        };
        var commands = SecurityTable.Rows.Select(r => r.Command switch
        {
            "incident" or "ack" or "postmortem" => $"/{r.Command} INC-0001",
            "resolve" => "/resolve INC-0001 note",
            "choose" => "/choose INC-0001 step choice",
            "cancel" => "/cancel all",
            _ => r.Text(null!),
        }).ToList();
        foreach (var text in commands)
            requests.Add(() => new HttpRequestMessage(HttpMethod.Post, "/api/commands") { Content = JsonContent.Create(new { text }) });

        var checkedCalls = 0;
        foreach (var (what, apply) in credentials)
        {
            foreach (var make in requests)
            {
                using var request = make();
                apply(request);
                var where = $"{request.Method} {request.RequestUri} with {what}";
                using var response = await plain.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{where}: {(int)response.StatusCode} {body}");
                using var json = JsonDocument.Parse(body);
                Assert.Equal("unauthorized", json.RootElement.GetProperty("error").GetString());
                Assert.Equal(["error", "detail"], json.RootElement.EnumerateObject().Select(p => p.Name));
                Assert.DoesNotContain(token, body, StringComparison.Ordinal);
                checkedCalls++;
            }
        }
        Assert.Equal(credentials.Length * requests.Count, checkedCalls);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task The_web_token_is_not_a_strategy_key_and_a_strategy_key_is_not_the_web_token()
    {
        var before = await StateAsync();
        foreach (var key in new[] { HostProcess.Token, HostProcess.ApiKey.ToUpperInvariant(), HostProcess.ApiKey[..^1], HostProcess.ApiKey + "0", string.Empty })
        {
            var (code, body) = await Host.OrderAsync("web-token-as-key-" + key.Length, new { symbol = "AAPL", side = "buy", quantity = 1, type = "market" }, apiKey: key);
            Assert.True(code == HttpStatusCode.Unauthorized, $"'{key}': {(int)code} {body}");
        }
        Assert.Equal(before, await StateAsync());
    }

    internal async Task<string> StateAsync() => await ProveHttp.StateAsync(Host);
}
