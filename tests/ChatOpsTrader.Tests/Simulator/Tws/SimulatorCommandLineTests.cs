using System.Net;
using ChatOpsTrader.Simulator.Tws;

namespace ChatOpsTrader.Tests.Simulator.Tws;

public class SimulatorCommandLineTests
{
    [Fact]
    public void Defaults_are_the_paper_port_on_loopback()
    {
        Assert.True(SimulatorCommandLine.TryParse([], out var parsed, out _));
        Assert.Equal((IPAddress.Loopback, 7497, "DU1234567", (string?)null, (int?)null), (parsed.Host, parsed.Port, parsed.Account, parsed.StatePath, parsed.MasterClientId));
    }

    [Fact]
    public void Every_option_is_read()
    {
        Assert.True(SimulatorCommandLine.TryParse(["--port", "4002", "--host", "localhost", "--account", "DU7", "--state", "s.json", "--master-client-id", "0"], out var parsed, out _));
        Assert.Equal((IPAddress.Loopback, 4002, "DU7", "s.json", (int?)0), (parsed.Host, parsed.Port, parsed.Account, parsed.StatePath, parsed.MasterClientId));
        Assert.True(SimulatorCommandLine.TryParse(["--host", "0.0.0.0", "--help"], out parsed, out _));
        Assert.Equal(IPAddress.Any, parsed.Host);
        Assert.True(parsed.Help);
    }

    [Theory]
    [InlineData("unknown argument \"--prot\"", "--prot", "7497")]
    [InlineData("--port must be a number 0..65535, not \"70000\"", "--port", "70000")]
    [InlineData("--port must be a number 0..65535, not \"-1\"", "--port", "-1")]
    [InlineData("--port needs a value", "--port")]
    [InlineData("--host must be an IP address (or localhost), not \"tws.example\"", "--host", "tws.example")]
    [InlineData("--account must be letters and digits, not \"DU 1\"", "--account", "DU 1")]
    [InlineData("--master-client-id must be a whole number, not \"x\"", "--master-client-id", "x")]
    public void Bad_arguments_get_a_clear_error(string expected, params string[] args)
    {
        Assert.False(SimulatorCommandLine.TryParse(args, out _, out var error));
        Assert.Equal(expected, error);
    }
}
