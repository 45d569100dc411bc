using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Tests.Support;
using Xunit.Abstractions;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>Confirmation ids: unguessable, single use, bound to the person and the command, expiring after 60 s.</summary>
[Collection("prove-cpu")]
public class ConfirmationIdTests(ITestOutputHelper output)
{
    private static readonly Caller Admin = ProveWorld.Callers[("telegram", "admin")];
    private static readonly Caller OtherAdmin = ProveWorld.Callers[("discord", "admin")];

    [Fact]
    public void Ten_thousand_ids_are_128_bit_hex_without_duplicates_and_look_uniform()
    {
        const int n = 10_000;
        var time = new ManualTimeProvider();
        var store = new ConfirmationStore(time);
        // Same caller, same command, same (frozen) instant: nothing but randomness can tell the ids apart.
        var ids = Enumerable.Range(0, n).Select(_ => store.Create(Admin, "flatten", "all").Id).ToList();
        var second = new ConfirmationStore(time).Create(Admin, "flatten", "all").Id;

        Assert.Equal(n, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(second, ids);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));

        // Hex digit frequencies overall (chi-square, 15 degrees of freedom; 60 is far beyond p = 1e-6).
        var overall = new long[16];
        var perPosition = new long[32, 16];
        var bitsSet = new int[128];
        foreach (var id in ids)
        {
            for (var i = 0; i < 32; i++)
            {
                var v = Convert.ToInt32(id[i].ToString(), 16);
                overall[v]++;
                perPosition[i, v]++;
                for (var b = 0; b < 4; b++)
                {
                    if ((v & (1 << b)) != 0)
                        bitsSet[(i * 4) + b]++;
                }
            }
        }
        var chiOverall = ChiSquare(overall, n * 32 / 16.0);
        output.WriteLine($"chi-square over all digits: {chiOverall:F1} (15 dof)");
        Assert.True(chiOverall < 60, $"digit frequencies are not uniform: chi-square {chiOverall:F1}");
        var worst = 0.0;
        for (var i = 0; i < 32; i++)
        {
            var counts = Enumerable.Range(0, 16).Select(v => perPosition[i, v]).ToArray();
            worst = Math.Max(worst, ChiSquare(counts, n / 16.0));
        }
        output.WriteLine($"worst chi-square at one position: {worst:F1} (15 dof, 32 positions)");
        Assert.True(worst < 65, $"a digit position is not uniform: chi-square {worst:F1}");
        // Every one of the 128 bits is set in about half the ids (6 sigma: 5000 ± 300).
        Assert.All(bitsSet, count => Assert.InRange(count, 4700, 5300));
    }

    [Fact]
    public async Task A_confirmation_works_once_the_second_confirm_fails_and_changes_nothing()
    {
        await using var world = await ProveWorld.StartAsync();
        var preview = (await world.Router.ExecuteAsync(Admin, "/flatten", CancellationToken.None))!;
        var id = preview.ConfirmationId!;

        var done = (await world.Router.ExecuteAsync(Admin, $"/confirm {id}", CancellationToken.None))!;
        Assert.Contains("Flatten done", done.Title, StringComparison.Ordinal);
        Assert.Equal(TradingState.Halted, world.H.Engine.Snapshot.Status.State);
        await world.H.IdleAsync();
        var before = world.Fingerprint();

        foreach (var again in new[] { $"/confirm {id}", $"/confirm cancel-{id}" })
        {
            var reply = (await world.Router.ExecuteAsync(Admin, again, CancellationToken.None))!;
            Assert.Contains("already used", reply.ToText(), StringComparison.Ordinal);
        }
        await world.H.IdleAsync();
        Assert.Equal(before, world.Fingerprint());
        Assert.Equal(2, world.Audit().Count(a => a.Command == "/confirm" && a.Outcome == "refused"));
    }

    [Fact]
    public async Task A_confirmation_is_bound_to_the_person_who_asked_on_the_transport_they_asked_on()
    {
        await using var world = await ProveWorld.StartAsync();
        var id = (await world.Router.ExecuteAsync(Admin, "/flatten", CancellationToken.None))!.ConfirmationId!;
        var before = world.Fingerprint();

        // Another admin, the web admin, an operator: all refused, nothing happens. The same number on another transport is nobody.
        Assert.Null(await world.Router.ExecuteAsync(new Caller("discord", Admin.UserId), $"/confirm {id}", CancellationToken.None));
        foreach (var thief in new[] { OtherAdmin, ProveWorld.Callers[("web", "admin")], ProveWorld.Callers[("telegram", "operator")] })
        {
            var reply = (await world.Router.ExecuteAsync(thief, $"/confirm {id}", CancellationToken.None))!;
            Assert.Contains("belongs to the person who asked", reply.ToText(), StringComparison.Ordinal);
            var cancel = (await world.Router.ExecuteAsync(thief, $"/confirm cancel-{id}", CancellationToken.None))!;
            Assert.Contains("belongs to the person who asked", cancel.ToText(), StringComparison.Ordinal);
        }
        await world.H.IdleAsync();
        Assert.Equal(before, world.Fingerprint());

        // Tampered ids are unknown.
        foreach (var tampered in new[] { id.ToUpperInvariant(), id + "0", id[..^1], " " + id + "x" })
            Assert.Contains("no such confirmation", (await world.Router.ExecuteAsync(Admin, $"/confirm {tampered}", CancellationToken.None))!.ToText(), StringComparison.Ordinal);

        // Refusals used nothing up: the person who asked can still confirm.
        var done = (await world.Router.ExecuteAsync(Admin, $"/confirm {id}", CancellationToken.None))!;
        Assert.Contains("Flatten done", done.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_confirmation_confirms_exactly_the_command_it_previewed()
    {
        await using var world = await ProveWorld.StartAsync();
        var raise = (await world.Router.ExecuteAsync(Admin, "/limits set daily-loss 5000", CancellationToken.None))!.ConfirmationId!;
        var flatten = (await world.Router.ExecuteAsync(Admin, "/flatten AAPL", CancellationToken.None))!.ConfirmationId!;
        Assert.NotEqual(raise, flatten);

        await world.Router.ExecuteAsync(Admin, $"/confirm {raise}", CancellationToken.None);
        Assert.Equal(5_000m, world.H.Engine.Limits.DailyLossLimit);
        Assert.Equal(TradingState.Active, world.H.Engine.Snapshot.Status.State);
        Assert.Contains(world.H.Engine.Snapshot.Positions, p => p.Symbol == "AAPL" && p.Quantity == 3);
        Assert.Equal(2, world.H.Broker.Placed.Count);

        // Cancelling the flatten does nothing at all, and the id is spent.
        var before = world.Fingerprint();
        var cancelled = (await world.Router.ExecuteAsync(Admin, $"/confirm cancel-{flatten}", CancellationToken.None))!;
        Assert.Contains("Nothing was done", cancelled.ToText(), StringComparison.Ordinal);
        Assert.Contains("already used", (await world.Router.ExecuteAsync(Admin, $"/confirm {flatten}", CancellationToken.None))!.ToText(), StringComparison.Ordinal);
        await world.H.IdleAsync();
        Assert.Equal(before, world.Fingerprint());
    }

    [Fact]
    public async Task A_confirmation_expires_after_60_seconds_on_the_clock()
    {
        await using var world = await ProveWorld.StartAsync();
        var early = (await world.Router.ExecuteAsync(Admin, "/limits set daily-loss 2000", CancellationToken.None))!.ConfirmationId!;
        world.H.Time.Advance(TimeSpan.FromSeconds(59));
        await world.Router.ExecuteAsync(Admin, $"/confirm {early}", CancellationToken.None);
        Assert.Equal(2_000m, world.H.Engine.Limits.DailyLossLimit);

        var late = (await world.Router.ExecuteAsync(Admin, "/flatten", CancellationToken.None))!.ConfirmationId!;
        world.H.Time.Advance(TimeSpan.FromSeconds(60.001));
        var before = world.Fingerprint();
        var reply = (await world.Router.ExecuteAsync(Admin, $"/confirm {late}", CancellationToken.None))!;
        Assert.Contains("expired", reply.ToText(), StringComparison.Ordinal);
        world.H.Time.Advance(TimeSpan.FromHours(3));
        Assert.Contains("no such confirmation", (await world.Router.ExecuteAsync(Admin, $"/confirm {late}", CancellationToken.None))!.ToText(), StringComparison.Ordinal);
        await world.H.IdleAsync();
        Assert.Equal(before, world.Fingerprint());
        Assert.Equal(TradingState.Active, world.H.Engine.Snapshot.Status.State);
    }

    private static double ChiSquare(IReadOnlyList<long> counts, double expected) => counts.Sum(c => (c - expected) * (c - expected) / expected);
}
