using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ChatOpsTrader.Tests.Support;

/// <summary>
/// The real host (<c>ChatOpsTrader.dll</c>) in a child process on a free loopback port, with its own data folder.
/// Tests talk to it over HTTP and can SIGKILL it.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";
    public const string ApiKey = "test-api-key-0123456789abcdef";

    private readonly StringBuilder _output = new();
    private Process? _process;

    public HostProcess(string? dataDirectory = null, IDictionary<string, string>? environment = null)
    {
        WorkDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "chatops-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(WorkDirectory);
        Port = FreePort();
        Environment = new Dictionary<string, string>
        {
            ["Storage__Path"] = Path.Combine(WorkDirectory, "data", "chatops.db"),
            ["Web__Urls"] = $"http://127.0.0.1:{Port}",
            ["Web__Token"] = Token,
            ["Api__Keys__0__Key"] = ApiKey,
            ["Api__Keys__0__Strategy"] = "api-test",
            ["Demo__Enabled"] = "false",
            ["Paper__RejectProbability"] = "0",
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            Environment[k] = v;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
    }

    public string WorkDirectory { get; }

    public int Port { get; private set; }

    public Dictionary<string, string> Environment { get; }

    public HttpClient Client { get; }

    public string DatabasePath => Environment["Storage__Path"];

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public Process Start()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ChatOpsTrader.dll");
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            WorkingDirectory = WorkDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in Environment)
            info.Environment[k] = v;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        return _process;
    }

    /// <summary>Starts and waits until <c>/healthz</c> is Healthy; returns the time it took.</summary>
    public async Task<TimeSpan> StartHealthyAsync(TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        Start();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (watch.Elapsed < limit)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"The host exited with {_process.ExitCode}:\n{Output}");
            try
            {
                var health = await Client.GetFromJsonAsync<JsonElement>("/healthz");
                if (health.GetProperty("status").GetString() == "Healthy")
                    return watch.Elapsed;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Not healthy after {limit}:\n{Output}");
    }

    /// <summary>SIGTERM: a clean shutdown.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process!.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async Task<JsonElement> CommandAsync(string text)
    {
        var response = await Client.PostAsJsonAsync("/api/commands", new { text });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> StatusAsync() => await Client.GetFromJsonAsync<JsonElement>("/api/status");

    public async Task<(HttpStatusCode Status, JsonElement Body)> OrderAsync(string idempotencyKey, object body, string? apiKey = ApiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (apiKey is not null)
            request.Headers.Add("X-Api-Key", apiKey);
        var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Client.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
