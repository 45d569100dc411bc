using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Discord;

/// <summary>Collects every log line (message and exception text) of every category.</summary>
public sealed class TestLog
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Text)> Lines { get; } = new();

    public ILogger<T> For<T>() => new Logger<T>(this);

    public IEnumerable<string> Texts => Lines.Select(l => l.Text);

    private sealed class Logger<T>(TestLog sink) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Lines.Enqueue((logLevel, typeof(T).Name, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
    }
}

/// <summary>Checks a message body against Discord's documented limits and our no-ping rule.</summary>
public static class DiscordLimits
{
    public static List<string> Violations(JsonNode? message)
    {
        var problems = new List<string>();
        if (message is not JsonObject m)
            return problems;
        if (m["content"] is JsonValue content && content.GetValue<string>().Length > 2000)
            problems.Add("content > 2000");
        var parse = m["allowed_mentions"]?["parse"];
        if (parse is not JsonArray { Count: 0 })
            problems.Add("allowed_mentions.parse is not []");
        if (m["embeds"] is JsonArray embeds)
        {
            if (embeds.Count > 10)
                problems.Add("more than 10 embeds");
            var total = 0;
            foreach (var embed in embeds.OfType<JsonObject>())
            {
                var title = embed["title"]?.GetValue<string>() ?? string.Empty;
                var description = embed["description"]?.GetValue<string>() ?? string.Empty;
                var footer = embed["footer"]?["text"]?.GetValue<string>() ?? string.Empty;
                if (title.Length > 256)
                    problems.Add("title > 256");
                if (description.Length > 4096)
                    problems.Add($"description {description.Length} > 4096");
                if (footer.Length > 2048)
                    problems.Add("footer > 2048");
                total += title.Length + description.Length + footer.Length;
                if (embed["fields"] is JsonArray fields)
                {
                    if (fields.Count > 25)
                        problems.Add("more than 25 fields");
                    foreach (var field in fields.OfType<JsonObject>())
                    {
                        var name = field["name"]!.GetValue<string>();
                        var value = field["value"]!.GetValue<string>();
                        if (name.Length is 0 or > 256)
                            problems.Add("field name length");
                        if (value.Length is 0 or > 1024)
                            problems.Add("field value length");
                        total += name.Length + value.Length;
                    }
                }
            }
            if (total > 6000)
                problems.Add($"embed total {total} > 6000");
        }
        if (m["components"] is JsonArray rows)
        {
            if (rows.Count > 5)
                problems.Add("more than 5 action rows");
            foreach (var row in rows.OfType<JsonObject>())
            {
                var buttons = row["components"] as JsonArray ?? [];
                if (buttons.Count > 5)
                    problems.Add("more than 5 buttons in a row");
                foreach (var button in buttons.OfType<JsonObject>())
                {
                    if (button["custom_id"]!.GetValue<string>().Length is 0 or > 100)
                        problems.Add("custom_id length");
                    if (button["label"]!.GetValue<string>().Length > 80)
                        problems.Add("label > 80");
                }
            }
        }
        if (((m["flags"]?.GetValue<int>() ?? 0) & ~64) != 0)
            problems.Add("unexpected flags");
        return problems;
    }

    /// <summary>The message inside an interaction response (its data), or the body itself for edits and posts.</summary>
    public static JsonNode? MessageOf(RestCall call) => call.Kind == "callback" ? call.Body?["data"] : call.Body;
}

/// <summary>
/// The real transport, REST client and gateway against a <see cref="FakeDiscord"/>, with test timing
/// (no backoff waits, fixed jitter) and a capturing log.
/// </summary>
internal sealed class DiscordRig : IAsyncDisposable
{
    private int _interactionIds = 100;

    private DiscordRig(FakeDiscord fake, DiscordOptions options, TimeProvider time)
    {
        Fake = fake;
        Options = options;
        Time = time;
    }

    public FakeDiscord Fake { get; }

    public DiscordOptions Options { get; }

    public TimeProvider Time { get; }

    public TestLog Log { get; } = new();

    public DiscordHealth Health { get; } = new();

    public List<DiscordProblem> Problems { get; } = [];

    public CollectingNotifier Notifier { get; } = new();

    public DiscordRestClient Rest { get; private set; } = null!;

    public DiscordGateway Gateway { get; private set; } = null!;

    public DiscordTransport Transport { get; private set; } = null!;

    public static DiscordGatewayTuning FastTuning { get; } = new()
    {
        BackoffBase = TimeSpan.Zero,
        IdentifyMinInterval = TimeSpan.Zero,
        InvalidSessionWaitMin = TimeSpan.Zero,
        InvalidSessionWaitMax = TimeSpan.Zero,
        Random = () => 0.5,
        // Tests jump a manual clock by whole heartbeat intervals: no timeouts on sends in flight.
        SendTimeout = Timeout.InfiniteTimeSpan,
        ConnectTimeout = Timeout.InfiniteTimeSpan,
    };

    public static async Task<DiscordRig> CreateAsync(
        Func<Caller, string, CancellationToken, Task<Reply?>>? execute,
        IReadOnlyCollection<CommandDefinition>? commands = null,
        TimeProvider? time = null,
        Action<FakeDiscord>? configureFake = null,
        Action<DiscordOptions>? configureOptions = null,
        DiscordGatewayTuning? tuning = null)
    {
        var fake = await FakeDiscord.StartAsync();
        configureFake?.Invoke(fake);
        var options = new DiscordOptions
        {
            BotToken = FakeDiscord.Token,
            ApiBaseUrl = fake.ApiBaseUrl,
            GuildId = FakeDiscord.GuildId,
            AlertChannelId = FakeDiscord.ChannelId,
        };
        configureOptions?.Invoke(options);
        var rig = new DiscordRig(fake, options, time ?? TimeProvider.System);
        rig.Health.OnProblem = p =>
        {
            lock (rig.Problems)
                rig.Problems.Add(p);
        };
        rig.Rest = new DiscordRestClient(options, rig.Health, rig.Time, rig.Log.For<DiscordRestClient>());
        rig.Gateway = new DiscordGateway(options, rig.Health, rig.Rest, new ClientWebSocketFactory(), rig.Time, rig.Log.For<DiscordGateway>(), tuning ?? FastTuning);
        rig.Transport = new DiscordTransport(options, rig.Health, rig.Rest, rig.Gateway, execute, commands ?? [], rig.Notifier, rig.Time, rig.Log.For<DiscordTransport>());
        return rig;
    }

    /// <summary>A rig over a real router.</summary>
    public static Task<DiscordRig> CreateAsync(CommandRouter router, TimeProvider? time = null, Action<FakeDiscord>? configureFake = null, Action<DiscordOptions>? configureOptions = null) =>
        CreateAsync(router.ExecuteAsync, router.Commands, time, configureFake, configureOptions);

    /// <summary>Starts the transport and waits for READY and the command registration.</summary>
    public async Task StartAsync()
    {
        await Transport.StartAsync(CancellationToken.None);
        await Fake.Gateway.WaitForAsync(e => e.Kind == "received" && e.Op == 2, "Identify");
        await Fake.Rest.WaitForAsync(c => c.Kind == "commands", "command registration");
    }

    public string NextInteractionId() => "5000000000000" + Interlocked.Increment(ref _interactionIds).ToString("00000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Dispatches a slash command and returns the interaction response the fake received.</summary>
    public async Task<RestCall> SlashAsync(string userId, string name, params (string Name, int Type, JsonNode Value)[] options)
    {
        var id = NextInteractionId();
        await Fake.DispatchAsync("INTERACTION_CREATE", FakeDiscord.SlashCommand(id, userId, name, options));
        return await Fake.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == id, $"callback for /{name}");
    }

    /// <summary>Dispatches a button click and returns the interaction response.</summary>
    public async Task<RestCall> ClickAsync(string userId, string customId)
    {
        var id = NextInteractionId();
        await Fake.DispatchAsync("INTERACTION_CREATE", FakeDiscord.ButtonClick(id, userId, customId));
        return await Fake.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == id, $"callback for click {customId}");
    }

    /// <summary>Every message body the fake received so far, with its limit violations.</summary>
    public List<string> AllViolations() =>
        [.. Fake.Rest.Snapshot().Where(c => c.Kind is "callback" or "edit-original" or "followup" or "message").SelectMany(c => DiscordLimits.Violations(DiscordLimits.MessageOf(c)).Select(v => $"{c.Kind}: {v}"))];

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await Transport.StopAsync(stop.Token);
        Transport.Dispose();
        Rest.Dispose();
        await Fake.DisposeAsync();
        Health.Dispose();
    }
}

/// <summary>A real router over an engine harness, with Discord users of every role.</summary>
public static class DiscordRouter
{
    public const string Viewer = "100000000000000010";
    public const string Operator = "100000000000000020";
    public const string Admin = "100000000000000030";
    public const string OtherAdmin = "100000000000000031";
    public const string Stranger = "100000000000000999";

    public static CommandRouter Create(EngineHarness h) => new(
        h.Engine,
        h.Journal,
        h.Notifier,
        new ConfiguredUserDirectory([("discord", Viewer, Role.Viewer), ("discord", Operator, Role.Operator), ("discord", Admin, Role.Admin), ("discord", OtherAdmin, Role.Admin)]),
        new ConfirmationStore(h.Time),
        h.Time,
        NullLogger<CommandRouter>.Instance);
}
