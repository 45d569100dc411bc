using System.Collections.Concurrent;
using ChatOpsTrader.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Host;

[Collection("host")]
public class HeartbeatTests
{
    [Fact]
    public async Task The_heartbeat_url_is_pinged_while_the_bot_runs_and_its_secret_path_never_reaches_the_logs()
    {
        const string secret = "s3cr3t-heartbeat-path-0042";
        var pings = new ConcurrentQueue<DateTimeOffset>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var monitor = builder.Build();
        monitor.MapGet("/ping/{token}", (string token) =>
        {
            if (token == secret)
                pings.Enqueue(DateTimeOffset.UtcNow);
            return Results.Ok();
        });
        await monitor.StartAsync();
        var address = monitor.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var host = new HostProcess(environment: new Dictionary<string, string>
        {
            ["Monitoring__HeartbeatUrl"] = $"{address}/ping/{secret}",
            ["Monitoring__HeartbeatIntervalSeconds"] = "5",
        });
        await host.StartHealthyAsync();
        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(!pings.IsEmpty), seconds: 20);

        var logs = string.Concat(Directory.GetFiles(Path.Combine(host.WorkDirectory, "data", "logs")).Select(File.ReadAllText));
        Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, host.Output, StringComparison.Ordinal);
        await monitor.StopAsync();
    }
}
