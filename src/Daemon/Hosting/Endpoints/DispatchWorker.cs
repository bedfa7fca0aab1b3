namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// What one in-flight datagram needs, kept and reused so the synchronous path allocates nothing: a context, and a
/// cancellation source whose timeout is armed only if a handler goes asynchronous.
/// </summary>
internal sealed class DispatchWorker(TimeProvider time)
{
    private int _settled;
    private int _overrunCounted;
    private bool _armed;
    private long _armedAt;

    public DatagramContext Context { get; } = new();

    /// <summary>Cancels the handlers on timeout or at stop; its timer runs on the endpoint's <see cref="TimeProvider"/>.</summary>
    public CancellationTokenSource Cancellation { get; private set; } = new(Timeout.InfiniteTimeSpan, time);

    /// <summary>Whether the worker holds a datagram (from the moment it is taken until it is idle again). Under the endpoint's lock.</summary>
    public bool IsBusy { get; private set; }

    public bool Failed { get; set; }

    public bool TimedOut { get; set; }

    public long StartTimestamp { get; set; }

    /// <summary>When the handler timeout was armed (a <see cref="TimeProvider"/> timestamp), or 0 while the handlers have not gone asynchronous.</summary>
    public long ArmedAt => Volatile.Read(ref _armedAt);

    /// <summary>True once per datagram: the first time it is seen overrunning its timeout.</summary>
    public bool TryMarkOverrun() => Interlocked.Exchange(ref _overrunCounted, 1) == 0;

    /// <summary>Whether the current datagram has been counted, by its handlers finishing or by a stop that gave up on it.</summary>
    public bool IsSettled => Volatile.Read(ref _settled) != 0;

    /// <summary>Takes a datagram. Under the endpoint's lock.</summary>
    public void Take()
    {
        IsBusy = true;
        Volatile.Write(ref _settled, 0);
    }

    /// <summary>Goes idle. Under the endpoint's lock.</summary>
    public void Release() => IsBusy = false;

    /// <summary>
    /// Claims the right to count the current datagram: true once, for whichever comes first, the handlers finishing
    /// or a stop abandoning them. The loser leaves the counters, and the cancellation source, alone.
    /// </summary>
    public bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;

    /// <summary>Starts the handler timeout; called only once a handler has gone asynchronous.</summary>
    public void ArmTimeout(TimeSpan timeout, long now)
    {
        _armed = true;
        Volatile.Write(ref _armedAt, now);
        Cancellation.CancelAfter(timeout);
    }

    /// <summary>Readies the worker for the next datagram; a source that fired (or may still fire) is replaced.</summary>
    public void Reset()
    {
        Failed = false;
        TimedOut = false;
        Volatile.Write(ref _armedAt, 0);
        Volatile.Write(ref _overrunCounted, 0);
        Context.Clear();

        // TryReset also drops registrations a handler left behind. It refuses a source whose timer may have fired,
        // and any source built on a TimeProvider other than the system one (the runtime cannot tell whether such a
        // timer fired), so only a source that was armed or cancelled must be replaced: an idle one stays as it is.
        if (!Cancellation.TryReset() && (_armed || Cancellation.IsCancellationRequested))
        {
            Cancellation.Dispose();
            Cancellation = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        }

        _armed = false;
    }
}
