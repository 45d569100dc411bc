using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Discord;

/// <summary>The gateway client against the fake gateway: handshake, heartbeats, resume, reconnects and close codes.</summary>
public class DiscordGatewayTests
{
    private sealed class GatewayRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public GatewayRun(DiscordRig rig)
        {
            Rig = rig;
            rig.Gateway.Ready = r => Readies.Add(r);
            rig.Gateway.Dispatch = (t, d) => Dispatches.Add((t, d.GetRawText()));
            rig.Gateway.OpHandled = op => Ops.Add(op);
            Task = Task.Run(() => rig.Gateway.RunAsync(_stop.Token));
        }

        public DiscordRig Rig { get; }

        public Task Task { get; }

        public Recorder<GatewayReady> Readies { get; } = new();

        public Recorder<(string Type, string Data)> Dispatches { get; } = new();

        public Recorder<int> Ops { get; } = new();

        /// <summary>Waits until the client handled <paramref name="count"/> heartbeat ACKs.</summary>
        public Task Acks(int count) => Ops.WaitCountAsync(op => op == 11, count, $"{count} ACK handled");

        /// <summary>Proves the session is live: a new event reaches the client.</summary>
        public async Task LiveAsync(string marker)
        {
            await Fake.DispatchAsync("PROBE", new JsonObject { ["m"] = marker });
            await Dispatches.WaitForAsync(d => d.Type == "PROBE" && d.Data.Contains(marker, StringComparison.Ordinal), $"probe {marker}");
        }

        public FakeDiscord Fake => Rig.Fake;

        public Task<GatewayEvent> Received(int op, int nth, string what) =>
            Fake.Gateway.WaitCountAsync(e => e.Kind == "received" && e.Op == op, nth, what).ContinueWith(t => t.Result[nth - 1], TaskScheduler.Default);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Rig.DisposeAsync();
            _stop.Dispose();
        }
    }

    private static async Task<GatewayRun> StartAsync(ManualTimeProvider? time = null, Action<FakeDiscord>? fake = null, DiscordGatewayTuning? tuning = null)
    {
        var rig = await DiscordRig.CreateAsync((Func<ChatOpsTrader.Chat.Commands.Caller, string, CancellationToken, Task<ChatOpsTrader.Chat.Commands.Reply?>>?)null, time: time ?? new ManualTimeProvider(), configureFake: fake, tuning: tuning);
        return new GatewayRun(rig);
    }

    [Fact]
    public async Task Identifies_with_intents_zero_on_the_versioned_url_and_reads_ready()
    {
        await using var run = await StartAsync();
        var identify = await run.Received(2, 1, "Identify");
        var d = identify.Payload!["d"]!;
        Assert.Equal(0, d["intents"]!.GetValue<int>());
        Assert.Equal(FakeDiscord.Token, d["token"]!.GetValue<string>());
        Assert.NotNull(d["properties"]!["os"]);
        var connected = run.Fake.Gateway.Snapshot().First(e => e.Kind == "connected");
        Assert.Equal("/gateway", connected.Path);
        Assert.Equal("?v=10&encoding=json", connected.Query);

        var ready = await run.Readies.WaitForAsync(_ => true, "READY");
        Assert.Equal(FakeDiscord.ApplicationId, ready.ApplicationId);
        Assert.Equal(run.Fake.SessionId, ready.SessionId);
        Assert.Equal(FakeDiscord.BotUserId, ready.BotUserId);
        Assert.Equal(1, run.Rig.Gateway.Sequence);
        Assert.True(run.Rig.Gateway.IsConnected);
        Assert.Equal(1, run.Rig.Fake.Rest.Snapshot().Count(c => c.Kind == "gateway-bot"));
    }

    [Fact]
    public async Task Heartbeats_start_after_the_jitter_carry_the_last_sequence_and_repeat_every_interval()
    {
        var time = new ManualTimeProvider();
        await using var run = await StartAsync(time);
        await run.Readies.WaitForAsync(_ => true, "READY");
        await run.Fake.DispatchAsync("GUILD_CREATE", new JsonObject { ["id"] = FakeDiscord.GuildId });
        await run.Dispatches.WaitForAsync(d => d.Type == "GUILD_CREATE", "dispatch");

        // Jitter 0.5 of 45 s: nothing before 22.5 s.
        time.Advance(TimeSpan.FromSeconds(22));
        Assert.DoesNotContain(run.Fake.Gateway.Snapshot(), e => e.Op == 1);
        time.Advance(TimeSpan.FromSeconds(0.5));
        var first = await run.Received(1, 1, "first heartbeat");
        Assert.Equal(2, first.Payload!["d"]!.GetValue<long>());
        await run.Acks(1);

        time.Advance(TimeSpan.FromSeconds(45));
        await run.Received(1, 2, "second heartbeat");
        await run.Acks(2);
        time.Advance(TimeSpan.FromSeconds(45));
        await run.Received(1, 3, "third heartbeat");
        Assert.DoesNotContain(run.Fake.Gateway.Snapshot(), e => e.Kind is "closed" or "dropped");
        Assert.Equal(1, run.Rig.Gateway.Connections);
    }

    [Fact]
    public async Task A_heartbeat_request_from_the_server_is_answered_at_once()
    {
        await using var run = await StartAsync();
        await run.Readies.WaitForAsync(_ => true, "READY");
        await run.Fake.SendOpAsync(1);
        var beat = await run.Received(1, 1, "heartbeat on request");
        Assert.Equal(1, beat.Payload!["d"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_missing_ack_is_a_zombie_closed_with_a_non_1000_code_and_resumed()
    {
        var time = new ManualTimeProvider();
        await using var run = await StartAsync(time, f => f.AckHeartbeats = false);
        await run.Readies.WaitForAsync(_ => true, "READY");
        time.Advance(TimeSpan.FromSeconds(22.5));
        await run.Received(1, 1, "first heartbeat");

        time.Advance(TimeSpan.FromSeconds(45));
        var closed = await run.Fake.Gateway.WaitForAsync(e => e.Kind == "closed" && e.Connection == 1, "zombie close");
        Assert.NotNull(closed.CloseCode);
        Assert.NotEqual(1000, closed.CloseCode);
        Assert.NotEqual(1001, closed.CloseCode);

        var resume = await run.Received(6, 1, "Resume");
        Assert.Equal(run.Fake.SessionId, resume.Payload!["d"]!["session_id"]!.GetValue<string>());
        Assert.Equal(1, resume.Payload["d"]!["seq"]!.GetValue<long>());
        Assert.Equal("/resume", run.Fake.Gateway.Snapshot().Last(e => e.Kind == "connected").Path);
        Assert.Equal(1, run.Rig.Gateway.Identifies);
    }

    [Fact]
    public async Task After_a_dropped_socket_it_resumes_at_the_resume_url_and_missed_events_replay_in_order()
    {
        await using var run = await StartAsync();
        await run.Readies.WaitForAsync(_ => true, "READY");
        await run.Fake.DispatchAsync("MESSAGE_REACTION_ADD", new JsonObject { ["n"] = 1 });
        await run.Dispatches.WaitForAsync(d => d.Type == "MESSAGE_REACTION_ADD", "first event");
        Assert.Equal(2, run.Rig.Gateway.Sequence);

        run.Fake.Drop();
        await run.Fake.DispatchAsync("MESSAGE_REACTION_ADD", new JsonObject { ["n"] = 2 });
        await run.Fake.DispatchAsync("MESSAGE_REACTION_ADD", new JsonObject { ["n"] = 3 });

        var resume = await run.Received(6, 1, "Resume");
        Assert.Equal(2, resume.Payload!["d"]!["seq"]!.GetValue<long>());
        Assert.Equal(run.Fake.SessionId, resume.Payload["d"]!["session_id"]!.GetValue<string>());
        var connected = run.Fake.Gateway.Snapshot().Last(e => e.Kind == "connected");
        Assert.Equal("/resume", connected.Path);
        Assert.Equal("?v=10&encoding=json", connected.Query);

        var events = await run.Dispatches.WaitCountAsync(d => d.Type == "MESSAGE_REACTION_ADD", 3, "replayed events");
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], events.Select(e => e.Data));
        await run.LiveAsync("after resume");
        Assert.Equal(6, run.Rig.Gateway.Sequence);
        Assert.Equal(1, run.Rig.Gateway.Identifies);
        Assert.Equal(1, run.Rig.Gateway.Resumes);
        Assert.Single(run.Readies.Snapshot());
    }

    [Fact]
    public async Task Op_7_reconnect_closes_and_resumes()
    {
        await using var run = await StartAsync();
        await run.Readies.WaitForAsync(_ => true, "READY");
        await run.Fake.SendOpAsync(7);
        var closed = await run.Fake.Gateway.WaitForAsync(e => e.Kind == "closed" && e.Connection == 1, "client close");
        Assert.NotEqual(1000, closed.CloseCode);
        await run.Received(6, 1, "Resume");
        await run.LiveAsync("after op 7");
        Assert.True(run.Rig.Gateway.IsConnected);
        Assert.Equal(1, run.Rig.Gateway.Resumes);
        Assert.Equal(1, run.Rig.Gateway.Identifies);
    }

    [Fact]
    public async Task Op_9_resumable_resumes_and_op_9_false_identifies_again_on_the_gateway_url()
    {
        await using var run = await StartAsync();
        await run.Readies.WaitForAsync(_ => true, "READY");
        var firstSession = run.Fake.SessionId;

        await run.Fake.SendOpAsync(9, JsonValue.Create(true));
        await run.Received(6, 1, "Resume after op 9 true");

        await run.LiveAsync("after op 9 true");
        await run.Fake.SendOpAsync(9, JsonValue.Create(false));
        await run.Received(2, 2, "second Identify");
        await run.Readies.WaitCountAsync(_ => true, 2, "second READY");
        Assert.NotEqual(firstSession, run.Fake.SessionId);
        Assert.Equal("/gateway", run.Fake.Gateway.Snapshot().Last(e => e.Kind == "connected").Path);
        Assert.Equal(2, run.Rig.Gateway.Identifies);
        Assert.Equal(1, run.Rig.Gateway.Resumes);
    }

    [Theory]
    [InlineData(4000, false)]
    [InlineData(4008, false)]
    [InlineData(4007, true)]
    [InlineData(4009, true)]
    public async Task Reconnectable_close_codes_resume_or_start_a_new_session(int code, bool newSession)
    {
        await using var run = await StartAsync();
        await run.Readies.WaitForAsync(_ => true, "READY");
        await run.Fake.CloseAsync(code);
        if (newSession)
        {
            await run.Received(2, 2, "Identify after close");
            Assert.Equal(0, run.Rig.Gateway.Resumes);
        }
        else
        {
            await run.Received(6, 1, "Resume after close");
            Assert.Equal(1, run.Rig.Gateway.Identifies);
        }
        Assert.False(run.Rig.Health.IsStopped);
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task Fatal_close_codes_stop_for_good_with_a_clear_log_line_and_a_report(int code)
    {
        await using var run = await StartAsync(fake: f => f.CloseCodeOnIdentify = code);
        await run.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(run.Rig.Health.IsStopped);
        Assert.Equal($"gateway-closed-{code}", run.Rig.Health.StopReason!.Kind);
        Assert.Contains(run.Rig.Problems, p => p.Fatal && p.Message.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains(run.Rig.Log.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Critical && l.Text.Contains($"closed with {code}", StringComparison.Ordinal) && l.Text.Contains("will not reconnect", StringComparison.Ordinal));
        Assert.Equal(1, run.Rig.Gateway.Connections);
        Assert.Single(run.Fake.Gateway.Snapshot(), e => e.Kind == "connected");
        Assert.DoesNotContain(run.Rig.Log.Texts, t => t.Contains(FakeDiscord.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_token_stops_before_any_connection()
    {
        await using var run = await StartAsync(fake: f => f.RejectToken = true);
        await run.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(run.Rig.Health.IsStopped);
        Assert.Equal("unauthorized", run.Rig.Health.StopReason!.Kind);
        Assert.Equal(0, run.Rig.Gateway.Connections);
        Assert.Single(run.Fake.Rest.Snapshot(), c => c.Status == 401);
    }

    [Fact]
    public async Task A_low_identify_budget_at_discord_holds_the_identify_and_reports_it()
    {
        var time = new ManualTimeProvider();
        var reported = new TaskCompletionSource<DiscordProblem>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var run = await StartAsync(time, f => f.SessionStartRemaining = 3);
        run.Rig.Health.OnProblem = p => reported.TrySetResult(p);
        var problem = await reported.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("identify-budget", problem.Kind);
        Assert.False(problem.Fatal);
        Assert.Equal(0, run.Rig.Gateway.Connections);

        run.Fake.SessionStartRemaining = 900;
        time.Advance(TimeSpan.FromSeconds(60));
        await run.Received(2, 1, "Identify after the reset");
        Assert.Equal(2, run.Fake.Rest.Snapshot().Count(c => c.Kind == "gateway-bot"));
    }

    [Fact]
    public async Task Stopping_closes_with_1000_so_the_session_ends()
    {
        var run = await StartAsync();
        await run.Readies.WaitForAsync(_ => true, "READY");
        var closed = run.Fake.Gateway.WaitForAsync(e => e.Kind == "closed", "close on stop");
        await run.DisposeAsync();
        Assert.Equal(1000, (await closed).CloseCode);
    }

    [Fact]
    public async Task Events_keep_flowing_while_a_dispatch_handler_throws()
    {
        await using var run = await StartAsync();
        var seen = new ConcurrentQueue<string>();
        run.Rig.Gateway.Dispatch = (t, d) =>
        {
            seen.Enqueue(t);
            if (t == "BAD")
                throw new InvalidOperationException("handler bug");
            run.Dispatches.Add((t, d.GetRawText()));
        };
        await run.Readies.WaitForAsync(_ => true, "READY");
        await run.Fake.DispatchAsync("BAD", new JsonObject());
        await run.Fake.DispatchAsync("GOOD", new JsonObject());
        await run.Dispatches.WaitForAsync(d => d.Type == "GOOD", "event after a failing handler");
        Assert.Equal(["BAD", "GOOD"], seen);
        Assert.Equal(1, run.Rig.Gateway.Connections);
    }
}
