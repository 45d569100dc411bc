namespace ChatOpsTrader.Core.Risk;

/// <summary>
/// A ring buffer of time-stamped structs, oldest first. Pushing drops entries that have left the retention window
/// (measured from the pushed time), grows by doubling while it is full of entries still inside the window and below
/// its maximum capacity, and past that overwrites the oldest entry. Preallocated: the steady state allocates nothing.
/// Not thread-safe.
/// </summary>
/// <typeparam name="T">The payload.</typeparam>
internal sealed class TimeRing<T>
    where T : struct
{
    private Entry[] _entries;
    private int _head;
    private int _count;
    private int _maxCapacity;

    public TimeRing(int capacity, int maxCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCapacity, capacity);
        _entries = new Entry[capacity];
        _maxCapacity = maxCapacity;
    }

    /// <summary>Entries held.</summary>
    public int Count => _count;

    /// <summary>Entries that fit without growing.</summary>
    public int Capacity => _entries.Length;

    /// <summary>The time (UTC ticks) of the entry at <paramref name="index"/> (0 = oldest).</summary>
    public long TicksAt(int index) => _entries[Slot(index)].Ticks;

    /// <summary>The payload of the entry at <paramref name="index"/> (0 = oldest).</summary>
    public ref readonly T ValueAt(int index) => ref _entries[Slot(index)].Value;

    /// <summary>
    /// Appends an entry at <paramref name="ticks"/>, first dropping from the oldest end the entries at least
    /// <paramref name="retainTicks"/> older. Returns false when an entry still inside the window had to be overwritten.
    /// </summary>
    public bool Push(long ticks, in T value, long retainTicks)
    {
        while (_count > 0 && ticks - _entries[_head].Ticks >= retainTicks)
        {
            _entries[_head] = default;
            _head = _head + 1 == _entries.Length ? 0 : _head + 1;
            _count--;
        }

        var kept = true;
        if (_count == _entries.Length)
        {
            if (_entries.Length < _maxCapacity)
            {
                Resize(Math.Min(_maxCapacity, _entries.Length * 2));
            }
            else
            {
                _head = _head + 1 == _entries.Length ? 0 : _head + 1;
                _count--;
                kept = false;
            }
        }

        _entries[Slot(_count)] = new Entry(ticks, value);
        _count++;
        return kept;
    }

    /// <summary>Removes every entry (keeps the memory).</summary>
    public void Clear()
    {
        Array.Clear(_entries);
        _head = 0;
        _count = 0;
    }

    /// <summary>Changes the capacity and its maximum, keeping the newest entries that fit.</summary>
    public void Reconfigure(int capacity, int maxCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCapacity, capacity);
        _maxCapacity = maxCapacity;
        if (capacity != _entries.Length)
            Resize(capacity);
    }

    private int Slot(int index)
    {
        var slot = _head + index;
        return slot >= _entries.Length ? slot - _entries.Length : slot;
    }

    private void Resize(int capacity)
    {
        var keep = Math.Min(_count, capacity);
        var next = new Entry[capacity];
        for (var i = 0; i < keep; i++)
            next[i] = _entries[Slot(_count - keep + i)];
        _entries = next;
        _head = 0;
        _count = keep;
    }

    private readonly struct Entry(long ticks, T value)
    {
        public readonly long Ticks = ticks;
        public readonly T Value = value;
    }
}
