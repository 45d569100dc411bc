using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Simulator;
using ChatOpsTrader.Simulator.Tws;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Host.Drills.Catalogue;

/// <summary>
/// Seeds, quarterly drill Q4 "full system failure": TWS, the market data, the alert channel and the bot itself fail
/// together. Here TWS is a TWS-protocol simulator run by the drill (so it outlives the bot), the bot connects to it as
/// to a real TWS (<c>Broker:Kind=Tws</c>), and Telegram is a local stand-in.
/// </summary>
public sealed class FullFailureDrill : Drill
{
    private string? _folder;
    private PaperExchange? _exchange;
    private TwsSimulatorServer? _tws;
    private FakeTelegramApi? _telegram;

    /// <inheritdoc />
    public override string Name => "full-failure";

    /// <inheritdoc />
    public override string Injects => "at once: TWS drops every connection and stops listening, market data stalls, Telegram answers 502, and the bot is SIGKILLed";

    /// <inheritdoc />
    public override string Expected => "the restarted bot says it crashed, fails closed while TWS is away (entries refused, the connection doctor says nothing listens), and once things come back reconnects, reconciles clean with the broker's positions, and delivers the missed SEV1 to Telegram, with no person needed";

    /// <inheritdoc />
    public override TimeSpan TimeLimit => TimeSpan.FromSeconds(120);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings => DrillDefaults.With(
        ("Broker__Kind", "Tws"),
        ("Tws__Host", "127.0.0.1"),
        ("Tws__Port", Tws.EndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Tws__ClientId", "1"),
        ("Telegram__BotToken", "4242:drill-token-not-a-secret-000000000"),
        ("Telegram__ApiBaseUrl", Telegram.BaseUrl),
        ("Telegram__AlertChatIds__0", "1001"),
        ("Telegram__PollTimeoutSeconds", "1"),
        ("Alerts__ProbeIntervalSeconds", "5"),
        ("Alerts__FailuresBeforeDown", "2"),
        ("Risk__DataFeedStaleSeconds", "3"));

    private TwsSimulatorServer Tws => _tws ?? throw new InvalidOperationException("the drill's TWS is not started");

    private FakeTelegramApi Telegram => _telegram ?? throw new InvalidOperationException("the Telegram stand-in is not started");

    /// <inheritdoc />
    public override async Task PrepareAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "chatops-drill-tws-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        _exchange = new PaperExchange(
            new PaperExchangeOptions { StateFilePath = Path.Combine(_folder, "paper-exchange.json"), RejectProbability = 0, TickInterval = TimeSpan.FromMilliseconds(100) },
            TimeProvider.System, new Random(20261121), NullLogger<PaperExchange>.Instance);
        _exchange.Start();
        _tws = new TwsSimulatorServer(_exchange, new TwsSimulatorOptions(), TimeProvider.System, NullLogger<TwsSimulatorServer>.Instance);
        await _tws.StartAsync(0);
        _telegram = await FakeTelegramApi.StartAsync();
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_telegram is not null)
            await _telegram.DisposeAsync();
        if (_tws is not null)
            await _tws.DisposeAsync();
        _exchange?.Dispose();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
        await base.DisposeAsync();
    }

    /// <inheritdoc />
    public override async Task RunAsync(DrillSession session)
    {
        await session.WaitForAsync("the demo strategy trades through TWS and holds a position", TimeSpan.FromSeconds(30), async _ =>
            (await session.StatusAsync()).GetProperty("positions").GetInt32() > 0 ? "yes" : null);

        Tws.PauseAccepting();
        Tws.DropAllConnections();
        Tws.StallMarketData(true);
        Telegram.Failing = true;
        session.Bot.Kill();
        session.Inject("TWS gone, market data stalled, Telegram failing, bot SIGKILLed");

        var restartedIn = await session.Bot.StartAsync(TimeSpan.FromSeconds(40), session.CancellationToken);
        session.Note($"bot restarted in {DrillSession.Ms(restartedIn)} with TWS still away");
        if (await session.WaitForAlertAsync(AlertKeys.Crash, TimeSpan.FromSeconds(10), "SEV1") is not null)
            session.Detected("crash alert: the previous run ended uncleanly");
        var status = await session.StatusAsync();
        var broker = status.GetProperty("broker");
        session.Check(!broker.GetProperty("connected").GetBoolean(), "the broker is reported disconnected", broker.GetProperty("detail").GetString());
        var (code, body) = await session.SubmitOrderAsync("drill-while-everything-is-down", await session.IncreasingOrderAsync());
        session.Check(code == 422, "a new entry is refused while TWS is away (fail closed)", $"{code} {body}");
        var doctor = await session.Bot.CommandAsync("/status", session.CancellationToken);
        var doctorText = doctor.ToString();
        session.Check(doctorText.Contains("listen", StringComparison.OrdinalIgnoreCase) || doctorText.Contains("refused", StringComparison.OrdinalIgnoreCase),
            "/status names the failing checklist step (nothing listening on the TWS port)", Shorten(doctorText));

        var fixedAt = session.Elapsed;
        Tws.ResumeAccepting();
        Tws.StallMarketData(false);
        Telegram.Failing = false;
        session.Note("TWS listening again, market data flowing, Telegram answering");
        await session.WaitForAsync("reconnected to TWS", TimeSpan.FromSeconds(10), async _ =>
            (await session.StatusAsync()).GetProperty("broker").GetProperty("connected").GetBoolean() ? "connected" : null);
        await session.Bot.CommandAsync("/reconcile", session.CancellationToken);
        await session.WaitForAsync("our positions equal the broker's", TimeSpan.FromSeconds(10), async token =>
        {
            var positions = await session.Bot.GetAsync("/api/positions", token);
            return positions.EnumerateArray().All(p => !p.GetProperty("mismatch").GetBoolean() && p.GetProperty("source").GetString() == "broker") ? "no mismatch" : null;
        });
        if (await session.WaitForAsync("the missed crash alert reaches Telegram", TimeSpan.FromSeconds(40), _ =>
                Task.FromResult(Telegram.Messages.FirstOrDefault(m => m.Contains("crash", StringComparison.OrdinalIgnoreCase)))) is not null)
            session.Recovered("reconnected, reconciled and alerts delivered", fixedAt);
    }

    private static string Shorten(string text) => text.Length > 240 ? text[..240] + "…" : text;
}
