using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting;

/// <summary>
/// What one in-flight datagram needs, kept and reused so the synchronous path allocates nothing: a context, and a
/// cancellation source whose timeout is armed only if a handler goes asynchronous.
/// </summary>
internal sealed class DispatchWorker(TimeProvider time)
{
    public DatagramContext Context { get; } = new();

    /// <summary>Cancels the handlers on timeout; its timer runs on the endpoint's <see cref="TimeProvider"/>.</summary>
    public CancellationTokenSource Cancellation { get; private set; } = new(Timeout.InfiniteTimeSpan, time);

    public bool Failed { get; set; }

    public bool TimedOut { get; set; }

    public long StartTimestamp { get; set; }

    /// <summary>Readies the worker for the next datagram; a source that fired is replaced.</summary>
    public void Reset()
    {
        Failed = false;
        TimedOut = false;
        Context.Clear();
        if (!Cancellation.TryReset())
        {
            Cancellation.Dispose();
            Cancellation = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        }
    }
}
