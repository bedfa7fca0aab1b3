namespace UnixDatagram.Daemon;

/// <summary>
/// What the events waiting for the writer may hold: <see cref="Capacity"/> events and <see cref="Limit"/> bytes
/// (<see cref="LogEventSize"/>). A logging thread takes its event's share before queueing it and waits while the queue
/// is full; the writer gives the share back once the event is written, so what is taken and not given back is what has
/// not been written. An event larger than the whole byte limit still passes, alone, when the queue is empty.
/// </summary>
/// <remarks>
/// A logging thread waits for room at most the stall timeout: an output that takes nothing for that long is stalled
/// (a paused pager, a stuck pipe), and holding every thread that logs (a receive thread among them) would stop the
/// daemon, not only its log. While stalled, events are dropped without waiting and counted until the output has taken
/// half the queue; the first event queued after that brings the count (<see cref="TakeStallLoss"/>).
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
    private readonly long _stallMilliseconds;
    private long? _stopDeadline;
    private bool _closed;
    private bool _stalled;
    private long _stallDropped;
    private long _stallDroppedBytes;

    /// <summary>
    /// Creates a budget of <paramref name="limit"/> bytes and <paramref name="capacity"/> events, whose logging threads
    /// wait for room at most <paramref name="stallTimeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: without a bound).
    /// </summary>
    public QueueByteBudget(long limit, long capacity = long.MaxValue, TimeSpan? stallTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var stall = stallTimeout ?? Timeout.InfiniteTimeSpan;
        if (stall != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stall, TimeSpan.Zero, nameof(stallTimeout));
        }

        _limit = limit;
        _capacity = capacity;
        _stallMilliseconds = stall == Timeout.InfiniteTimeSpan ? -1 : (long)Math.Ceiling(stall.TotalMilliseconds);
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
    /// closed. It waits at most the stall timeout, and not at all while the output is stalled, returning false (the
    /// event is dropped and counted for <see cref="TakeStallLoss"/>). After <see cref="BeginStop"/> it waits only until
    /// the stop's deadline, and returns false (the event is dropped and counted) if there is still no room then.
    /// </summary>
    public bool Acquire(long bytes)
    {
        lock (_lock)
        {
            long? waitingSince = null;
            while (!_closed && (_events >= _capacity || (_used > 0 && _used + bytes > _limit)))
            {
                if (_stopDeadline is null && _stallMilliseconds >= 0)
                {
                    waitingSince ??= Environment.TickCount64;
                    var left = waitingSince.Value + _stallMilliseconds - Environment.TickCount64;
                    if (_stalled || left <= 0)
                    {
                        if (!_stalled)
                        {
                            // The others waiting stop waiting too: the output has taken nothing for the whole timeout.
                            _stalled = true;
                            Monitor.PulseAll(_lock);
                        }

                        _stallDropped++;
                        _stallDroppedBytes += bytes;
                        return false;
                    }

                    Monitor.Wait(_lock, TimeSpan.FromMilliseconds(left));
                    continue;
                }

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
            if (_stalled && _events <= _capacity / 2 && _used <= _limit / 2)
            {
                _stalled = false;
            }

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

    /// <summary>
    /// The events dropped while the output was stalled, and their bytes, once it takes events again; each is told once.
    /// False while it is still stalled or nothing was dropped.
    /// </summary>
    public bool TakeStallLoss(out long events, out long bytes)
    {
        // Read without the lock first: called for every event, and nothing is dropped almost always (a loss missed
        // here, written just now, is told with the next event).
        if (Volatile.Read(ref _stallDropped) == 0)
        {
            events = 0;
            bytes = 0;
            return false;
        }

        lock (_lock)
        {
            events = _stalled ? 0 : _stallDropped;
            bytes = _stalled ? 0 : _stallDroppedBytes;
            if (events == 0)
            {
                return false;
            }

            _stallDropped = 0;
            _stallDroppedBytes = 0;
            return true;
        }
    }

    /// <summary>The events dropped while the output was stalled and not yet told (<see cref="TakeStallLoss"/>), and their bytes.</summary>
    public (long Events, long Bytes) UntoldStallLoss()
    {
        lock (_lock)
        {
            return (_stallDropped, _stallDroppedBytes);
        }
    }

    /// <summary>Takes <paramref name="bytes"/> and one event's place without waiting: an event the budget itself sends (the stall's count).</summary>
    public void Take(long bytes)
    {
        lock (_lock)
        {
            _used += bytes;
            _events++;
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
