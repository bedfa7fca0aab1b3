namespace UnixDatagram.Daemon;

/// <summary>
/// What the events waiting for the writer may hold: <see cref="Capacity"/> events and <see cref="Limit"/> bytes
/// (<see cref="LogEventSize"/>). A logging thread takes its event's share before queueing it and waits while the queue
/// is full; the writer gives the share back once the event is written, so what is taken and not given back is what has
/// not been written. An event larger than the whole byte limit still passes, alone, when the queue is empty.
/// </summary>
/// <remarks>
/// Once a stop has begun (<see cref="BeginStop"/>), a logging thread waits for room only until the stop's deadline;
/// then its event is dropped and counted (<see cref="Dropped"/>), so that a stderr nobody reads cannot hold the stop.
/// </remarks>
internal sealed class QueueByteBudget
{
    // An object, not a Lock: waiting for room needs Monitor.Wait and PulseAll.
    private readonly object _lock = new();
    private readonly long _limit;
    private readonly long _capacity;
    private long _used;
    private long _events;
    private long _dropped;
    private long _droppedBytes;
    private long? _stopDeadline;
    private bool _closed;

    /// <summary>Creates a budget of <paramref name="limit"/> bytes and <paramref name="capacity"/> events.</summary>
    public QueueByteBudget(long limit, long capacity = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _limit = limit;
        _capacity = capacity;
    }

    /// <summary>The bytes the queued events may hold.</summary>
    public long Limit => _limit;

    /// <summary>The events that may wait.</summary>
    public long Capacity => _capacity;

    /// <summary>The bytes the queued events hold now.</summary>
    public long Used => Read(ref _used);

    /// <summary>The events that hold bytes now: queued, or written into the output's buffer but not yet out of it.</summary>
    public long Events => Read(ref _events);

    /// <summary>Events dropped because they found no room after the stop's deadline.</summary>
    public long Dropped => Read(ref _dropped);

    /// <summary>The bytes of the <see cref="Dropped"/> events.</summary>
    public long DroppedBytes => Read(ref _droppedBytes);

    /// <summary>
    /// Takes <paramref name="bytes"/> and one event's place, waiting while the queue is full; returns at once once
    /// closed. After <see cref="BeginStop"/> it waits only until the stop's deadline, and returns false (the event is
    /// dropped and counted) if there is still no room then.
    /// </summary>
    public bool Acquire(long bytes)
    {
        lock (_lock)
        {
            while (!_closed && (_events >= _capacity || (_used > 0 && _used + bytes > _limit)))
            {
                if (_stopDeadline is not { } deadline)
                {
                    Monitor.Wait(_lock);
                    continue;
                }

                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    _dropped++;
                    _droppedBytes += bytes;
                    return false;
                }

                Monitor.Wait(_lock, TimeSpan.FromMilliseconds(remaining));
            }

            _used += bytes;
            _events++;
            return true;
        }
    }

    /// <summary>
    /// Gives back <paramref name="bytes"/> taken by <paramref name="events"/> calls of <see cref="Acquire"/>, and wakes
    /// the threads waiting for room.
    /// </summary>
    public void Release(long bytes, long events = 1)
    {
        lock (_lock)
        {
            _used = Math.Max(0, _used - bytes);
            _events = Math.Max(0, _events - events);
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>
    /// A stop has begun: from now on a logging thread waits for room at most until <paramref name="drainTimeout"/> from
    /// the first call. Returns whether that deadline has passed.
    /// </summary>
    public bool BeginStop(TimeSpan drainTimeout)
    {
        lock (_lock)
        {
            _stopDeadline ??= Environment.TickCount64 + (long)drainTimeout.TotalMilliseconds;
            Monitor.PulseAll(_lock);
            return Environment.TickCount64 >= _stopDeadline;
        }
    }

    /// <summary>Lets every waiting and later <see cref="Acquire"/> through: the logger is being disposed.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.PulseAll(_lock);
        }
    }

    private long Read(ref long field)
    {
        lock (_lock)
        {
            return field;
        }
    }
}
