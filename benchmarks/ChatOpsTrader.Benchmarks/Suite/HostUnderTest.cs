using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>
/// The built host (<c>ChatOpsTrader.dll</c>) started as a child process on the embedded default, with a fresh data
/// folder, a free loopback port and a known web token. Disposing kills it and deletes the folder.
/// </summary>
public sealed class HostUnderTest : IAsyncDisposable
{
    /// <summary>The web token the host is started with.</summary>
    public const string Token = "perf-harness-token-0123456789";

    private readonly Process _process;
    private readonly string _directory;

    private HostUnderTest(Process process, string directory, HttpClient http)
    {
        _process = process;
        _directory = directory;
        Http = http;
    }

    /// <summary>A client for the host's base address.</summary>
    public HttpClient Http { get; }

    /// <summary>From process start to <c>/healthz</c> Healthy.</summary>
    public TimeSpan StartedIn { get; private set; }

    /// <summary>The host's working set now.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Starts the host and waits (at most 60 s) until it reports Healthy.</summary>
    public static async Task<HostUnderTest> StartAsync(string? dllPath = null)
    {
        var dll = dllPath ?? Path.Combine(AppContext.BaseDirectory, "ChatOpsTrader.dll");
        var directory = Path.Combine(Path.GetTempPath(), "chatops-perf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\"") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["Web__Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["Web__Token"] = Token;
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var watch = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostUnderTest(process, directory, http);
        try
        {
            while (true)
            {
                try
                {
                    var body = await http.GetStringAsync(new Uri("/healthz", UriKind.Relative));
                    if (body.Contains("\"status\":\"Healthy\"", StringComparison.Ordinal))
                        break;
                }
                catch (HttpRequestException)
                {
                }
                if (process.HasExited)
                    throw new InvalidOperationException($"the host exited with code {process.ExitCode} before it was healthy");
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                    throw new TimeoutException("the host was not healthy within 60 s");
                await Task.Delay(20);
            }
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        host.StartedIn = watch.Elapsed;
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return host;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
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
