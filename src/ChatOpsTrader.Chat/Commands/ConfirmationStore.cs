using System.Security.Cryptography;

namespace ChatOpsTrader.Chat.Commands;

/// <summary>A dangerous action waiting for its confirmation.</summary>
/// <param name="Id">Unguessable id (128 random bits, hex).</param>
/// <param name="Caller">The only person who may confirm it.</param>
/// <param name="Command">The command it confirms, e.g. <c>flatten</c>.</param>
/// <param name="Argument">Its argument (symbol, reason).</param>
/// <param name="Override">For resume: the admin override flag.</param>
/// <param name="ExpiresAt">After this it can no longer be confirmed.</param>
public sealed record PendingConfirmation(string Id, Caller Caller, string Command, string Argument, bool Override, DateTimeOffset ExpiresAt);

/// <summary>Why a confirmation was refused.</summary>
public enum ConfirmationFailure
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>No such id.</summary>
    Unknown,

    /// <summary>Older than the expiry.</summary>
    Expired,

    /// <summary>Asked by someone else.</summary>
    WrongUser,

    /// <summary>Already confirmed or cancelled once.</summary>
    AlreadyUsed,
}

/// <summary>Confirmations bound to one person, single use, expiring (default 60 s). Thread-safe.</summary>
public sealed class ConfirmationStore(TimeProvider timeProvider, TimeSpan? lifetime = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PendingConfirmation> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Until, ConfirmationFailure Reason)> _used = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = lifetime ?? TimeSpan.FromSeconds(60);
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    /// <summary>How long a confirmation stays valid.</summary>
    public TimeSpan Lifetime => _lifetime;

    /// <summary>Creates a confirmation for <paramref name="caller"/>.</summary>
    public PendingConfirmation Create(Caller caller, string command, string argument, bool overridePolicy = false)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var pending = new PendingConfirmation(id, caller, command, argument, overridePolicy, timeProvider.GetUtcNow() + _lifetime);
        lock (_lock)
        {
            Prune();
            _pending[id] = pending;
        }
        return pending;
    }

    /// <summary>Takes the confirmation if <paramref name="caller"/> may; it can never be taken again.</summary>
    public ConfirmationFailure TryConsume(string id, Caller caller, out PendingConfirmation? confirmation)
    {
        confirmation = null;
        lock (_lock)
        {
            Prune();
            if (_used.TryGetValue(id, out var used))
                return used.Reason;
            if (!_pending.TryGetValue(id, out var pending))
                return ConfirmationFailure.Unknown;
            if (pending.Caller != caller)
                return ConfirmationFailure.WrongUser;
            _pending.Remove(id);
            if (timeProvider.GetUtcNow() > pending.ExpiresAt)
            {
                _used[id] = (pending.ExpiresAt + _lifetime, ConfirmationFailure.Expired);
                return ConfirmationFailure.Expired;
            }
            _used[id] = (pending.ExpiresAt + _lifetime, ConfirmationFailure.AlreadyUsed);
            confirmation = pending;
            return ConfirmationFailure.None;
        }
    }

    private void Prune()
    {
        // At most once a second: a scan per call made every create O(n) (10,000 pending took seconds). Expiry itself
        // is checked on every confirmation, so pruning late changes no answer.
        var now = timeProvider.GetUtcNow();
        if (now < _nextPrune)
            return;
        _nextPrune = now + TimeSpan.FromSeconds(1);
        foreach (var (id, p) in _pending.Where(kv => kv.Value.ExpiresAt + _lifetime < now).ToList())
        {
            _pending.Remove(id);
            _used[id] = (p.ExpiresAt + _lifetime, ConfirmationFailure.Expired);
        }
        foreach (var id in _used.Where(kv => kv.Value.Until + TimeSpan.FromHours(1) < now).Select(kv => kv.Key).ToList())
            _used.Remove(id);
    }
}
