using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Chat;

public class ConfirmationStoreTests
{
    private static readonly Caller Alice = new("telegram", "1");
    private static readonly Caller Bob = new("telegram", "2");

    [Fact]
    public void Confirmation_is_single_use_and_bound_to_the_requester()
    {
        var store = new ConfirmationStore(new ManualTimeProvider());
        var pending = store.Create(Alice, "flatten", "all");

        Assert.Equal(ConfirmationFailure.WrongUser, store.TryConsume(pending.Id, Bob, out _));
        Assert.Equal(ConfirmationFailure.None, store.TryConsume(pending.Id, Alice, out var taken));
        Assert.Equal("flatten", taken!.Command);
        Assert.Equal(ConfirmationFailure.AlreadyUsed, store.TryConsume(pending.Id, Alice, out _));
    }

    [Fact]
    public void Confirmation_expires_after_60_seconds()
    {
        var time = new ManualTimeProvider();
        var store = new ConfirmationStore(time);
        var pending = store.Create(Alice, "resume", "ok");
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(ConfirmationFailure.Expired, store.TryConsume(pending.Id, Alice, out _));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ConfirmationFailure.Expired, store.TryConsume(pending.Id, Alice, out _));
    }

    [Fact]
    public void Ids_are_unguessable_and_fit_telegram_callback_data()
    {
        var store = new ConfirmationStore(new ManualTimeProvider());
        var ids = Enumerable.Range(0, 1000).Select(_ => store.Create(Alice, "flatten", "all").Id).ToList();
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(32, id.Length));
        Assert.Equal(ConfirmationFailure.Unknown, store.TryConsume("0123456789abcdef0123456789abcdef", Alice, out _));
    }
}
