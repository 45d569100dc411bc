using System.Globalization;
using System.Net;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>The standalone simulator's command line: <c>--port 7497 [--host 127.0.0.1] [--account DU1234567] [--state file] [--master-client-id N]</c>.</summary>
internal sealed record SimulatorCommandLine
{
    public const string Usage = """
        Usage: dotnet run --project src/ChatOpsTrader.Simulator -- [options]
          --port N              TCP port (default 7497, the paper TWS port; 0 lets the OS pick)
          --host ADDRESS        IP address to listen on (default 127.0.0.1; the simulator has no authentication)
          --account ID          paper account id (default DU1234567)
          --state FILE          keep the exchange's orders, positions and cash in FILE between runs (default: memory only)
          --master-client-id N  this client id also receives every other client's orders (TWS "Master API client ID")
          --help                this text
        """;

    public IPAddress Host { get; init; } = IPAddress.Loopback;

    public int Port { get; init; } = 7497;

    public string Account { get; init; } = "DU1234567";

    public string? StatePath { get; init; }

    public int? MasterClientId { get; init; }

    public bool Help { get; init; }

    /// <summary>Parses the arguments; false with a one-line reason for anything unknown, missing or out of range.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out SimulatorCommandLine result, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        result = new SimulatorCommandLine();
        error = "";
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h" or "-?")
            {
                result = result with { Help = true };
                continue;
            }

            if (name is not ("--port" or "--host" or "--account" or "--state" or "--master-client-id"))
            {
                error = $"unknown argument \"{name}\"";
                return false;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
                    {
                        error = $"--port must be a number 0..65535, not \"{value}\"";
                        return false;
                    }

                    result = result with { Port = port };
                    break;
                case "--host":
                    var host = value.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : null;
                    if (host is null && !IPAddress.TryParse(value, out host))
                    {
                        error = $"--host must be an IP address (or localhost), not \"{value}\"";
                        return false;
                    }

                    result = result with { Host = host };
                    break;
                case "--account":
                    if (string.IsNullOrWhiteSpace(value) || value.Any(c => !char.IsAsciiLetterOrDigit(c)))
                    {
                        error = $"--account must be letters and digits, not \"{value}\"";
                        return false;
                    }

                    result = result with { Account = value };
                    break;
                case "--state":
                    result = result with { StatePath = value };
                    break;
                default:
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var master))
                    {
                        error = $"--master-client-id must be a whole number, not \"{value}\"";
                        return false;
                    }

                    result = result with { MasterClientId = master };
                    break;
            }
        }

        return true;
    }
}
