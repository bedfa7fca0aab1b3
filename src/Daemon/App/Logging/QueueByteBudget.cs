namespace UnixDatagram.Daemon;

/// <summary>
/// The bytes the events waiting for the writer may hold (<see cref="LogEventSize"/>): a logging thread takes its event's
/// share before queueing it and waits while the queue holds the limit; the writer gives the share back once the event is
/// written. An event larger than the whole limit still passes, alone, when the queue is empty. It also counts the
/// events that hold bytes: what is taken and not given back is what has not been written.
/// </summary>
internal sealed class QueueByteBudget
{
    // An object, not a Lock: waiting for bytes needs Monitor.Wait and PulseAll.
    private readonly object _lock = new();
    private readonly long _limit;
    private long _used;
    private long _events;
    private bool _closed;

    /// <summary>Creates a budget of <paramref name="limit"/> bytes.</summary>
    public QueueByteBudget(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
    }

    /// <summary>The bytes the queued events hold now.</summary>
    public long Used
    {
        get
        {
            lock (_lock)
            {
                return _used;
            }
        }
    }

    /// <summary>The events that hold bytes now: queued, or written into the output's buffer but not yet out of it.</summary>
    public long Events
    {
        get
        {
            lock (_lock)
            {
                return _events;
            }
        }
    }

    /// <summary>The bytes the queued events may hold.</summary>
    public long Limit => _limit;

    /// <summary>Takes <paramref name="bytes"/>, waiting while that would go over the limit; returns at once once closed.</summary>
    public void Acquire(long bytes)
    {
        lock (_lock)
        {
            while (!_closed && _used > 0 && _used + bytes > _limit)
            {
                Monitor.Wait(_lock);
            }

            _used += bytes;
            _events++;
        }
    }

    /// <summary>
    /// Gives back <paramref name="bytes"/> taken by <paramref name="events"/> calls of <see cref="Acquire"/>, and wakes
    /// the threads waiting for them.
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

    /// <summary>Lets every waiting and later <see cref="Acquire"/> through: the logger is being disposed.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.PulseAll(_lock);
        }
    }
}
