using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Hosting.Sending;

/// <summary>
/// A target's congestion: when it began, the bounded queue of datagrams waiting, in order, for room in the peer's
/// receive queue, the entries kept for reuse, and the drops of policy DropNewest (each counted; logged at most once
/// per <see cref="DropLogInterval"/>, and whatever was held back when the congestion ends or the target stops).
/// </summary>
/// <remarks>
/// Touched only under the target's lock, except <see cref="Count"/> (read by the uncongested path without it), and
/// <see cref="Return"/> and <see cref="Cancel"/>, which take the lock themselves.
/// </remarks>
internal sealed class TargetQueue
{
    /// <summary>A congestion at least this long is logged at Information when it ends; shorter ones at Debug.</summary>
    private static readonly TimeSpan LongCongestion = TimeSpan.FromSeconds(1);

    /// <summary>The shortest time between two drop warnings; the drops in between are summed into the next one.</summary>
    private static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(10);

    /// <summary>How many finished entries are kept for reuse (about the number of senders waiting at once).</summary>
    private const int MaxFree = 64;

    private readonly LinkedList<PendingDatagram> _queue = new();
    private readonly Stack<PendingDatagram> _free = new();
    private readonly Lock _lock;
    private readonly string _name;
    private readonly string _path;
    private readonly TargetStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly RateLimiter _dropLog;
    private readonly RateLimiter _failLog;
    private readonly ILogger _logger;
    private int _count;
    private int _copies;

    public TargetQueue(Lock targetLock, DatagramTargetOptions options, string path, TargetStatistics statistics, TimeProvider time, ILogger logger)
    {
        _lock = targetLock;
        _name = options.Name;
        _path = path;
        Policy = options.WhenCongested;
        Capacity = options.QueueCapacity;
        _statistics = statistics;
        _time = time;
        _dropLog = new RateLimiter(time, DropLogInterval);
        _failLog = new RateLimiter(time, DropLogInterval);
        _logger = logger;
    }

    public TargetCongestionMode Policy { get; }

    /// <summary>How many datagrams the queue holds as copies (<c>QueueCapacity</c>); beyond it a Wait send lends its buffer.</summary>
    public int Capacity { get; }

    /// <summary>Datagrams waiting to be sent; read without the lock by the uncongested path (0 means it may skip the queue).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Of <see cref="Count"/>, those holding a copy.</summary>
    public int Copies => _copies;

    /// <summary>When the current congestion began; null while the target is writable.</summary>
    public DateTimeOffset? CongestedSince { get; private set; }

    /// <summary>The datagram to send next, if any.</summary>
    public PendingDatagram? First => _queue.First?.Value;

    /// <summary>Marks the start of a congestion (counted, logged at Debug) unless one is going on.</summary>
    public void BeginCongestion()
    {
        if (CongestedSince is null)
        {
            CongestedSince = _time.GetUtcNow();
            _statistics.CountCongestion();
            SendingLog.LogCongestionStarted(_logger, _name, _path, Policy, _count);
        }
    }

    /// <summary>The kernel took everything queued: logs the congestion's length, and the drops not logged yet.</summary>
    public void EndCongestion()
    {
        if (CongestedSince is { } since)
        {
            CongestedSince = null;
            var duration = _time.GetUtcNow() - since;
            if (duration >= LongCongestion)
            {
                SendingLog.LogLongCongestionEnded(_logger, _name, duration);
            }
            else
            {
                SendingLog.LogCongestionEnded(_logger, _name, duration);
            }
        }

        ReportDrops();
    }

    /// <summary>Forgets the congestion with the socket it was on (the peer is gone, or the target stops).</summary>
    public void ForgetCongestion()
    {
        CongestedSince = null;
        ReportDrops();
    }

    /// <summary>Queues a copy of <paramref name="payload"/>; with <paramref name="awaited"/>, returns the caller's task.</summary>
    public PendingDatagram EnqueueCopy(ReadOnlyMemory<byte> payload, bool awaited, CancellationToken cancellationToken)
    {
        var entry = Rent();
        entry.Copy(payload, awaited, cancellationToken);
        Enqueue(entry);
        return entry;
    }

    /// <summary>Queues the caller's own buffer (policy Wait, beyond <see cref="Capacity"/>): the caller awaits, so it stays lent.</summary>
    public PendingDatagram EnqueueBorrowed(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var entry = Rent();
        entry.Borrow(payload, cancellationToken);
        Enqueue(entry);
        return entry;
    }

    /// <summary>Takes <paramref name="entry"/> out of the queue and completes its caller with <paramref name="result"/>.</summary>
    public void Complete(PendingDatagram entry, SendResult result)
    {
        Remove(entry);
        entry.Complete(result);
        if (!entry.IsAwaited)
        {
            Recycle(entry);
        }
    }

    /// <summary>Takes <paramref name="entry"/> out of the queue: its datagram can never go (say, <c>EMSGSIZE</c>); the ones behind it still can.</summary>
    public void Fail(PendingDatagram entry, Exception exception)
    {
        Remove(entry);
        if (entry.IsAwaited)
        {
            entry.Fail(exception);
            return;
        }

        entry.Complete(default);
        if (_failLog.TryAcquire(out var suppressed))
        {
            SendingLog.LogQueuedSendFailed(_logger, exception, _name, entry.Length, suppressed);
        }

        Recycle(entry);
    }

    /// <summary>
    /// Completes every queued datagram with <paramref name="result"/> (Dropped at stop, PeerUnavailable when the peer
    /// is gone), counting each as such; returns how many there were.
    /// </summary>
    public int CompleteAll(SendResult result)
    {
        var completed = 0;
        while (First is { } entry)
        {
            if (result == SendResult.Dropped)
            {
                _statistics.CountDropped();
            }
            else if (result == SendResult.PeerUnavailable)
            {
                _statistics.CountPeerUnavailable();
            }

            Complete(entry, result);
            completed++;
        }

        return completed;
    }

    /// <summary>Counts a datagram dropped by policy DropNewest; logs it unless a drop was logged within <see cref="DropLogInterval"/>.</summary>
    public void Drop()
    {
        _statistics.CountDropped();
        if (_dropLog.TryAcquire(out var before))
        {
            SendingLog.LogDropped(_logger, _name, before + 1, Capacity);
        }
    }

    /// <summary>Logs the drops held back by the rate limit, so none is silent.</summary>
    public void ReportDrops()
    {
        if (_dropLog.TakeSuppressed() is var held && held > 0)
        {
            SendingLog.LogDropped(_logger, _name, held, Capacity);
        }
    }

    /// <summary>The caller's token was cancelled: the datagram leaves the queue unsent, unless the kernel took it already.</summary>
    /// <remarks>An entry is reused after its send completes; a late callback for an earlier use finds another token (or none) and does nothing.</remarks>
    public void Cancel(PendingDatagram entry, CancellationToken token)
    {
        lock (_lock)
        {
            if (entry.Node.List is null || entry.CancellationToken != token)
            {
                return;
            }

            Remove(entry);
            entry.Fail(new OperationCanceledException(token));
        }
    }

    /// <summary>The caller of an awaited send has its result: the entry may serve the next one.</summary>
    public void Return(PendingDatagram entry)
    {
        lock (_lock)
        {
            Recycle(entry);
        }
    }

    private PendingDatagram Rent() => _free.TryPop(out var entry) ? entry : new PendingDatagram(this);

    private void Recycle(PendingDatagram entry)
    {
        entry.Reset();
        if (_free.Count < MaxFree)
        {
            _free.Push(entry);
        }
    }

    private void Enqueue(PendingDatagram entry)
    {
        _queue.AddLast(entry.Node);
        Volatile.Write(ref _count, _count + 1);
        if (entry.IsCopy)
        {
            _copies++;
        }

        _statistics.CountQueued();
    }

    private void Remove(PendingDatagram entry)
    {
        _queue.Remove(entry.Node);
        Volatile.Write(ref _count, _count - 1);
        if (entry.IsCopy)
        {
            _copies--;
        }
    }
}
