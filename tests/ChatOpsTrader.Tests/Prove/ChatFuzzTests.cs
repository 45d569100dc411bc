using System.Diagnostics;
using System.Globalization;
using ChatOpsTrader.Chat.Commands;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// 10,000 hostile command texts through the router as an admin (seeded: set PROVE_FUZZ_SEED to replay another run):
/// no exception escapes, every reply is well formed and renders safely on Telegram, Discord and the web, and nothing
/// changes unless the text was a valid state-changing command that was carried out. Then 2,000 synthetic replies
/// full of hostile text straight through the Telegram and Discord renderers.
/// </summary>
[Collection("prove-cpu")]
public class ChatFuzzTests(ITestOutputHelper output)
{
    private const int Inputs = 10_000;
    private const int InputsPerWorld = 500;
    private static readonly Caller Admin = ProveWorld.Callers[("telegram", "admin")];

    // Commands that may change the fingerprint when they succeed (reconcile corrects our journal; confirm carries out a flatten, resume or limit).
    private static readonly HashSet<string> StateChanging = ["halt", "cancel", "pause", "unpause", "ack", "resolve", "choose", "limits", "confirm", "reconcile"];

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("PROVE_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : 20261121;

    [Fact]
    public async Task Ten_thousand_hostile_commands_as_an_admin_never_escape_and_change_nothing_unless_valid()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var fuzzer = new ChatFuzzer(Seed);
        output.WriteLine($"seed {fuzzer.Seed} (replay with PROVE_FUZZ_SEED={fuzzer.Seed})");
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        var changed = 0;
        var replies = 0;
        string? lastConfirmation = null;
        for (var start = 0; start < Inputs && failures.Count < 10; start += InputsPerWorld)
        {
            await using var world = await ProveWorld.StartAsync();
            var valid = SecurityTable.Rows.Select(r => r.Text(world)).ToList();
            for (var i = start; i < start + InputsPerWorld && failures.Count < 10; i++)
            {
                var text = fuzzer.Next(valid, lastConfirmation);
                var before = world.Fingerprint();
                Reply? reply;
                try
                {
                    reply = await world.Router.ExecuteAsync(Admin, text, timeout.Token);
                }
                catch (Exception ex)
                {
                    failures.Add($"#{i} '{ChatFuzzer.Show(text)}': {ex.GetType().Name} escaped: {ex.Message}");
                    continue;
                }
                if (reply is null)
                {
                    failures.Add($"#{i} '{ChatFuzzer.Show(text)}': no reply for an admin");
                    continue;
                }
                replies++;
                lastConfirmation = reply.ConfirmationId ?? lastConfirmation;
                foreach (var problem in ReplyChecks.Problems(reply))
                    failures.Add($"#{i} '{ChatFuzzer.Show(text)}' -> '{ChatFuzzer.Show(reply.Title)}': {problem}");
                var after = world.Fingerprint();
                if (after == before)
                    continue;
                changed++;
                var parsed = CommandParser.Parse(text, out _);
                if (parsed is null || !StateChanging.Contains(parsed.Name))
                    failures.Add($"#{i} '{ChatFuzzer.Show(text)}' is no state-changing command but changed:\n{before}->\n{after}");
                else if (reply.Severity == ReplySeverity.Warning && parsed.Name != "reconcile")
                    failures.Add($"#{i} '{ChatFuzzer.Show(text)}' was refused ('{reply.Title}') but changed:\n{before}->\n{after}");
            }
            await world.H.IdleAsync();
        }
        output.WriteLine($"{Inputs} inputs, {replies} replies, {changed} state changes by valid commands, {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"seed {fuzzer.Seed}:\n" + string.Join("\n", failures));
        Assert.InRange(changed, 1, Inputs / 2);
    }

    [Fact]
    public void Two_thousand_synthetic_replies_full_of_hostile_text_render_safely_within_the_limits()
    {
        var random = new Random(Seed);
        var fuzzer = new ChatFuzzer(Seed);
        output.WriteLine($"seed {Seed}");
        var valid = new[] { "/status", "/halt x", "/flatten", "/resolve INC-0001 note" };
        string Text(int max)
        {
            var text = fuzzer.Next(valid, null);
            return text.Length > max ? text[..max] : text;
        }
        var failures = new List<string>();
        for (var i = 0; i < 2_000 && failures.Count < 10; i++)
        {
            var columns = random.Next(1, 8);
            var lineCount = random.Next(0, i % 50 == 0 ? 400 : 12);
            var rowCount = random.Next(0, i % 40 == 0 ? 300 : 10);
            var reply = new Reply
            {
                Title = "T" + Text(random.Next(1, 400)),
                Severity = (ReplySeverity)random.Next(4),
                Lines = [.. Enumerable.Range(0, lineCount).Select(_ => Text(random.Next(0, i % 7 == 0 ? 6000 : 300)))],
                Tables = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => new ReplyTable(
                    random.Next(2) == 0 ? null : Text(100),
                    [.. Enumerable.Range(0, columns).Select(_ => "H" + Text(20))],
                    [.. Enumerable.Range(0, rowCount).Select(_ => (IReadOnlyList<string>)[.. Enumerable.Range(0, columns).Select(_ => Text(random.Next(0, 120)))])]))],
                Buttons = random.Next(3) == 0 ? [new ReplyButton("B" + Text(120), "/" + Text(200).TrimStart('/'), ButtonStyle.Danger)] : [],
            };
            foreach (var problem in ReplyChecks.Problems(reply))
                failures.Add($"#{i} ('{ChatFuzzer.Show(reply.Title)}'): {problem}");
        }
        Assert.True(failures.Count == 0, $"seed {Seed}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Two_thousand_alerts_carrying_hostile_text_render_safely_within_the_limits()
    {
        var random = new Random(Seed);
        var fuzzer = new ChatFuzzer(Seed);
        output.WriteLine($"seed {Seed}");
        var valid = new[] { "/halt fat finger", "/resolve INC-0001 restarted the gateway" };
        string Text(int max)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => fuzzer.Next(valid, null)));
            return text.Length > max ? text[..max] : text;
        }
        var now = new DateTimeOffset(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);
        var failures = new List<string>();
        for (var i = 0; i < 2_000 && failures.Count < 10; i++)
        {
            var alert = new ChatOpsTrader.Core.Alerts.Alert(
                "a" + i.ToString(CultureInfo.InvariantCulture), now.AddMinutes(-random.Next(0, 300)), (ChatOpsTrader.Core.Alerts.Severity)random.Next(1, 5), "kill-switch",
                Text(random.Next(1, 400)), Text(i % 20 == 0 ? 20_000 : 600), Text(300));
            foreach (var problem in ReplyChecks.AlertProblems(alert, now))
                failures.Add($"#{i} ('{ChatFuzzer.Show(alert.Title)}'): {problem}");
        }
        Assert.True(failures.Count == 0, $"seed {Seed}:\n" + string.Join("\n", failures));
    }
}
