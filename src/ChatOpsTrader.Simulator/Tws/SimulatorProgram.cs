using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>The standalone TWS simulator: <c>dotnet run --project src/ChatOpsTrader.Simulator -- --port 7497</c>.</summary>
internal static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (!SimulatorCommandLine.TryParse(args, out var commandLine, out var error))
        {
            await Console.Error.WriteLineAsync("error: " + error).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(SimulatorCommandLine.Usage).ConfigureAwait(false);
            return 2;
        }

        if (commandLine.Help)
        {
            Console.WriteLine(SimulatorCommandLine.Usage);
            return 0;
        }

        using var loggerFactory = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .SetMinimumLevel(LogLevel.Information));
        var logger = loggerFactory.CreateLogger(typeof(SimulatorProgram));

        using var exchange = new PaperExchange(
            new PaperExchangeOptions { AccountId = commandLine.Account, StateFilePath = commandLine.StatePath },
            TimeProvider.System,
            new Random(),
            loggerFactory.CreateLogger<PaperExchange>());
        var server = new TwsSimulatorServer(
            exchange,
            new TwsSimulatorOptions { MasterClientId = commandLine.MasterClientId },
            TimeProvider.System,
            loggerFactory.CreateLogger<TwsSimulatorServer>());
        await using (server.ConfigureAwait(false))
        {
            IPEndPoint bound;
            try
            {
                bound = await server.StartAsync(new IPEndPoint(commandLine.Host, commandLine.Port)).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                await Console.Error.WriteLineAsync($"error: cannot listen on {commandLine.Host}:{commandLine.Port}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            if (!IPAddress.IsLoopback(commandLine.Host))
                logger.LogWarning("Listening on {Host}, not loopback: anyone who can reach it can trade this paper account", commandLine.Host);
            exchange.Start();
            Console.WriteLine($"TWS simulator listening on {bound} (account {commandLine.Account}). Ctrl+C stops it.");

            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine(commandLine.StatePath is null ? "Stopping." : $"Stopping; the exchange state is in {commandLine.StatePath}.");
            }

            await server.StopAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
