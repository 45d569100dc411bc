using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChatOpsTrader.Host.Drills;

/// <summary>
/// The bot under drill: this same program started as a child process on the embedded simulator, with its own data
/// folder, a free loopback port and a fresh token. The drill talks to it over the HTTP API, like a person would, and
/// can stop it cleanly (SIGTERM) or kill it (SIGKILL).
/// </summary>
public sealed class DrillHost : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly bool _keepFolder;
    private Process? _process;

    /// <summary>Prepares (does not start) a bot with the drill's settings on top of the embedded default.</summary>
    public DrillHost(IReadOnlyDictionary<string, string> settings, string? folder = null)
    {
        _keepFolder = folder is not null;
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "chatops-drill-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
        var port = FreePort();
        Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        ApiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        Environment = new Dictionary<string, string>
        {
            ["Storage__Path"] = Path.Combine(Folder, "data", "chatops.db"),
            ["Web__Urls"] = $"http://127.0.0.1:{port}",
            ["Web__Token"] = Token,
            ["Api__Keys__0__Key"] = ApiKey,
            ["Api__Keys__0__Strategy"] = "drill",
            ["Schedule__AlwaysOpen"] = "true",
            ["Broker__Kind"] = "Simulator",
        };
        foreach (var (key, value) in settings)
            Environment[key] = value;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
    }

    /// <summary>The bot's working folder (its journal is in <c>data/</c>).</summary>
    public string Folder { get; }

    /// <summary>The environment the bot is started with.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>The bearer token of this bot.</summary>
    public string Token { get; }

    /// <summary>The strategy API key of this bot (strategy <c>drill</c>).</summary>
    public string ApiKey { get; }

    /// <summary>A client for the bot's API, with the token.</summary>
    public HttpClient Http { get; }

    /// <summary>The journal file.</summary>
    public string DatabasePath => Environment["Storage__Path"];

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the bot printed, for a failed drill's report.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts the bot and waits until <c>/healthz</c> answers (any status); returns how long it took.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var program = typeof(DrillHost).Assembly.Location;
        // Started as the apphost ("dotnet run") the same executable is reused; otherwise (a test runner, "dotnet
        // ChatOpsTrader.dll") the dotnet host runs the dll.
        var self = System.Environment.ProcessPath;
        var isAppHost = self is not null && Path.GetFileNameWithoutExtension(self).Equals("ChatOpsTrader", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(isAppHost ? self! : "dotnet")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!isAppHost)
            info.ArgumentList.Add(program);
        foreach (var (key, value) in Environment)
            info.Environment[key] = value;
        var watch = Stopwatch.StartNew();
        _process = Process.Start(info) ?? throw new InvalidOperationException("the bot did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        while (watch.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new InvalidOperationException($"the bot exited with code {_process.ExitCode} during start-up:\n{Tail()}");
            try
            {
                using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                return watch.Elapsed;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(25, cancellationToken);
        }
        throw new TimeoutException($"the bot did not answer /healthz within {timeout.TotalSeconds:0} s:\n{Tail()}");
    }

    /// <summary>SIGKILL: nothing of the bot's shutdown runs.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false })
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>GET a JSON document of the API.</summary>
    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new DrillStepException($"GET {path} answered {(int)response.StatusCode}: {Shorten(body)}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Runs a chat command as the web operator and returns the reply model.</summary>
    public async Task<JsonElement> CommandAsync(string text, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(new Uri("/api/commands", UriKind.Relative), new { text }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new DrillStepException($"{text} answered {(int)response.StatusCode}: {Shorten(body)}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>POSTs a JSON body and returns the status code and the answer.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
            request.Headers.Add(key, value);
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        Http.Dispose();
        await Task.Yield();
        if (_keepFolder)
            return;
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The last lines the bot printed.</summary>
    public string Tail(int lines = 25)
    {
        var all = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', all.TakeLast(lines));
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A drill step that could not be carried out (the bot answered an error, or did not answer).</summary>
public sealed class DrillStepException(string message) : Exception(message);
