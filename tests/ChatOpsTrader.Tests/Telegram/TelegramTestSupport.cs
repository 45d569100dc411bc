using System.Collections.Concurrent;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Telegram;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Telegram;

/// <summary>One log line as written.</summary>
public sealed record LogLine(LogLevel Level, string Category, string Message, string? Exception)
{
    public string All => Message + (Exception is null ? string.Empty : "\n" + Exception);
}

/// <summary>Collects every log line of every category (with exceptions in full).</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), exception?.ToString()));
    }
}

/// <summary>What a <see cref="TelegramRig"/> is made of.</summary>
public sealed class RigOptions
{
    public string ClientToken { get; set; } = FakeTelegramServer.DefaultToken;

    /// <summary>Client limits: Telegram's, 50 times faster (so tests take milliseconds, not seconds).</summary>
    public TelegramRateLimits Limits { get; set; } = TelegramRateLimits.Default.Scaled(0.02);

    /// <summary>Fake's limits: the same scale, with slack for scheduling jitter on a shared machine.</summary>
    public FakeLimits? FakeLimits { get; set; } = FakeLimits.Telegram(0.02, slack: 4);

    public TelegramTimings Timings { get; set; } = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), 5, 20, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(300));

    public int MaxConcurrentUpdates { get; set; } = 8;

    public List<string> AlertChatIds { get; set; } = [];

    /// <summary>The clock of the transport, sender and limiter (the engine and router always use the harness's manual clock).</summary>
    public TimeProvider? TransportClock { get; set; }

    public bool WithRouter { get; set; } = true;
}

/// <summary>
/// The real transport against the fake Bot API, with a real <see cref="CommandRouter"/> over the engine harness.
/// Users: 100 and 101 admins, 102 viewer, 103 operator; anyone else is unknown.
/// </summary>
public sealed class TelegramRig : IAsyncDisposable
{
    public const long Alice = 100;
    public const long Bob = 101;
    public const long Vera = 102;
    public const long Otto = 103;
    public const long Stranger = 999;

    private readonly CancellationTokenSource _stop = new();

    private TelegramRig(FakeTelegramServer server, EngineHarness harness, RigOptions options)
    {
        Server = server;
        Harness = harness;
        Options = options;
    }

    public FakeTelegramServer Server { get; }

    public EngineHarness Harness { get; }

    public RigOptions Options { get; }

    public CollectingLoggerProvider Logs { get; } = new();

    public CommandRouter? Router { get; private set; }

    public HttpClient Http { get; private set; } = null!;

    public TelegramBotClient Api { get; private set; } = null!;

    public TelegramSender Sender { get; private set; } = null!;

    public TelegramTransport Transport { get; private set; } = null!;

    public TelegramAlertChannel AlertChannel { get; private set; } = null!;

    public TelegramOptions TelegramOptions { get; private set; } = null!;

    public ConcurrentQueue<string> Problems { get; } = new();

    public static async Task<TelegramRig> StartAsync(Action<RigOptions>? configure = null, Func<EngineHarness, Task>? prepare = null, bool startTransport = true)
    {
        var options = new RigOptions();
        configure?.Invoke(options);
        var server = await FakeTelegramServer.StartAsync();
        server.Limits = options.FakeLimits;
        var harness = await new EngineHarness().StartAsync();
        if (prepare is not null)
            await prepare(harness);
        var rig = new TelegramRig(server, harness, options);
        rig.Build();
        if (startTransport)
            await rig.StartTransportAsync();
        return rig;
    }

    private void Build()
    {
        var loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        var clock = Options.TransportClock ?? TimeProvider.System;
        if (Options.WithRouter)
        {
            var users = new ConfiguredUserDirectory([("telegram", "100", Role.Admin), ("telegram", "101", Role.Admin), ("telegram", "102", Role.Viewer), ("telegram", "103", Role.Operator)]);
            Router = new CommandRouter(Harness.Engine, Harness.Journal, Harness.Notifier, users, new ConfirmationStore(Harness.Time), Harness.Time, NullLogger<CommandRouter>.Instance);
        }
        TelegramOptions = new TelegramOptions
        {
            BotToken = Options.ClientToken,
            ApiBaseUrl = Server.BaseAddress.ToString(),
            AlertChatIds = Options.AlertChatIds,
            PollTimeoutSeconds = 2,
            MaxConcurrentUpdates = Options.MaxConcurrentUpdates,
        };
        Http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        Api = new TelegramBotClient(Http, Options.ClientToken, clock);
        Sender = new TelegramSender(Api, new TelegramRateLimiter(clock, Options.Limits), clock, loggers.CreateLogger<TelegramSender>(), Options.Timings);
        Transport = new TelegramTransport(TelegramOptions, Api, Sender, Router, clock, loggers.CreateLogger<TelegramTransport>(), Options.Timings)
        {
            OnProblem = Problems.Enqueue,
        };
        AlertChannel = new TelegramAlertChannel(TelegramOptions, Sender, clock);
    }

    public async Task StartTransportAsync()
    {
        await Transport.StartAsync(_stop.Token);
        if (Options.WithRouter && Options.ClientToken == Server.Token)
            await Server.WaitUntilAsync(s => s.PollsStarted > 0, TimeSpan.FromSeconds(10), "the first getUpdates");
    }

    /// <summary>Sends a command as <paramref name="from"/> and waits for the next message in the chat.</summary>
    public async Task<FakeMessage> CommandAsync(long from, string text, long? chatId = null, TimeSpan? timeout = null)
    {
        var chat = chatId ?? from;
        var before = Server.MessagesIn(chat).Length;
        var commandId = Server.PushMessage(from, text, chat);
        _ = commandId;
        return await Server.NextMessageAsync(chat, before, timeout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transport.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }
        Transport.Dispose();
        await Sender.DisposeAsync();
        Http.Dispose();
        await Harness.DisposeAsync();
        await Server.DisposeAsync();
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
