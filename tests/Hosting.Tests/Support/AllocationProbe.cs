using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// A handler that completes synchronously and allocates nothing. It reads its thread's allocation counter at datagram
/// <c>warm</c> and at datagram <c>last</c>; when the datagrams move to another thread in between (an endpoint promoted
/// to a receive thread), it starts again from the first datagram on the new thread, so the figure is always one
/// thread's, over <see cref="MeasuredDatagrams"/> datagrams.
/// </summary>
internal sealed class AllocationProbe(int warm, int last) : IDatagramHandler
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private int _thread;
    private int _from = -1;
    private long _atFrom;

    public Task Done => _done.Task;

    public long AllocatedBetween { get; private set; } = -1;

    /// <summary>The datagrams the figure covers, all handled on <see cref="LastThread"/>.</summary>
    public int MeasuredDatagrams { get; private set; }

    public int WarmThread { get; private set; }

    public int LastThread { get; private set; }

    public string? LastEndpoint { get; private set; }

    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        _count++;
        var thread = Environment.CurrentManagedThreadId;
        if (_count == warm)
        {
            WarmThread = thread;
        }

        if (_count == warm || (_from >= 0 && thread != _thread))
        {
            _thread = thread;
            _from = _count;
            _atFrom = GC.GetAllocatedBytesForCurrentThread();
        }
        else if (_count == last)
        {
            AllocatedBetween = GC.GetAllocatedBytesForCurrentThread() - _atFrom;
            MeasuredDatagrams = _count - _from;
            LastThread = thread;
            LastEndpoint = context.EndpointName;
            _done.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }
}
