namespace ChatOpsTrader.Tests.Discord;

/// <summary>A thread-safe list that tests can await conditions on (no polling, no sleeps).</summary>
public sealed class Recorder<T>
{
    private readonly Lock _lock = new();
    private readonly List<T> _items = [];
    private readonly List<(Func<IReadOnlyList<T>, bool> Predicate, TaskCompletionSource Done)> _waiters = [];

    public void Add(T item)
    {
        List<TaskCompletionSource> ready = [];
        lock (_lock)
        {
            _items.Add(item);
            foreach (var waiter in _waiters.ToList())
            {
                if (waiter.Predicate(_items))
                {
                    _waiters.Remove(waiter);
                    ready.Add(waiter.Done);
                }
            }
        }
        foreach (var done in ready)
            done.TrySetResult();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
            return [.. _items];
    }

    public int Count
    {
        get
        {
            lock (_lock)
                return _items.Count;
        }
    }

    /// <summary>Waits until <paramref name="predicate"/> holds over everything recorded so far.</summary>
    public async Task<IReadOnlyList<T>> WaitAsync(Func<IReadOnlyList<T>, bool> predicate, string what, TimeSpan? timeout = null)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (predicate(_items))
                return [.. _items];
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, done));
        }
        try
        {
            await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}; recorded {Count} item(s): {string.Join(" | ", Snapshot().TakeLast(8))}");
        }
        return Snapshot();
    }

    /// <summary>Waits for the first item matching <paramref name="match"/>.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, string what, TimeSpan? timeout = null)
    {
        var items = await WaitAsync(list => list.Any(match), what, timeout);
        return items.First(match);
    }

    /// <summary>Waits until <paramref name="count"/> items match.</summary>
    public async Task<IReadOnlyList<T>> WaitCountAsync(Func<T, bool> match, int count, string what, TimeSpan? timeout = null)
    {
        var items = await WaitAsync(list => list.Count(match) >= count, what, timeout);
        return [.. items.Where(match)];
    }
}
