using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// A handler that completes synchronously and allocates nothing; it reads its thread's allocation counter at
/// datagram <c>warm</c> and at datagram <c>last</c>, and notes the thread each time.
/// </summary>
internal sealed class AllocationProbe(int warm, int last) : IDatagramHandler
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private long _atWarm;

    public Task Done => _done.Task;

    public long AllocatedBetween { get; private set; } = -1;

    public int WarmThread { get; private set; }

    public int LastThread { get; private set; }

    public string? LastEndpoint { get; private set; }

    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        _count++;
        if (_count == warm)
        {
            WarmThread = Environment.CurrentManagedThreadId;
            _atWarm = GC.GetAllocatedBytesForCurrentThread();
        }
        else if (_count == last)
        {
            AllocatedBetween = GC.GetAllocatedBytesForCurrentThread() - _atWarm;
            LastThread = Environment.CurrentManagedThreadId;
            LastEndpoint = context.EndpointName;
            _done.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }
}
