namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// What one in-flight datagram needs, kept and reused so the synchronous path allocates nothing: a context, and a
/// cancellation source with a timeout timer that is created only if a handler goes asynchronous.
/// </summary>
internal sealed class DispatchWorker(TimeProvider time)
{
    private int _settled;
    private int _overrunCounted;
    private long _armedAt;

    /// <summary>The current datagram's handler timeout, on the endpoint's <see cref="TimeProvider"/>; null until armed.</summary>
    private ITimer? _timeout;

    public DatagramContext Context { get; } = new();

    /// <summary>
    /// Cancels the handlers on timeout (through <see cref="_timeout"/>) or at stop. It has no timer of its own: a source
    /// built on a <see cref="TimeProvider"/> owns one from the start, even with an infinite delay, and its
    /// <c>TryReset</c> then changes that timer under the lock of the process-wide timer queue, on every datagram.
    /// </summary>
    public CancellationTokenSource Cancellation { get; private set; } = new();

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
        Volatile.Write(ref _armedAt, now);
        _timeout = time.CreateTimer(static source => CancelOnTimeout((CancellationTokenSource)source!), Cancellation, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Readies the worker for the next datagram; a source that fired (or may still fire) is replaced.</summary>
    public void Reset()
    {
        Failed = false;
        TimedOut = false;
        Volatile.Write(ref _armedAt, 0);
        Volatile.Write(ref _overrunCounted, 0);
        Context.Clear();

        // A source whose timeout was armed is replaced: its timer may have fired, or be firing, as it is disposed. An
        // idle one is kept; TryReset, which touches no timer here, drops the registrations a handler left behind.
        var timeout = _timeout;
        _timeout = null;
        timeout?.Dispose();
        if (timeout is not null || !Cancellation.TryReset())
        {
            Cancellation.Dispose();
            Cancellation = new CancellationTokenSource();
        }
    }

    private static void CancelOnTimeout(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The handlers finished as the timeout fired, and Reset replaced the source.
        }
    }
}
