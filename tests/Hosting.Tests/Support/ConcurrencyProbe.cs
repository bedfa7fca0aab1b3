using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Counts the handlers inside it at the same moment: each waits on a shared gate, so when <c>target</c> are inside
/// together, that many really ran at once. Records the highest count ever seen.
/// </summary>
internal sealed class ConcurrencyProbe(int target) : IDatagramHandler
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allInside = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RecordingHandler _done = new();
    private int _inside;
    private int _mostInside;

    /// <summary>Completes when <c>target</c> handlers were inside at once.</summary>
    public Task AllInside => _allInside.Task;

    public int MostInside => Volatile.Read(ref _mostInside);

    public IReadOnlyList<byte[]> Done => _done.Payloads;

    public Task WaitDoneAsync(int count) => _done.WaitForAsync(count);

    public void Open() => _gate.TrySetResult();

    public async ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        var copy = context.Payload.ToArray();
        var inside = Interlocked.Increment(ref _inside);
        InterlockedMax(ref _mostInside, inside);
        if (inside >= target)
        {
            _allInside.TrySetResult();
        }

        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }

        await _done.HandleAsync(new DatagramContext(context.EndpointName, copy), cancellationToken);
    }

    private static void InterlockedMax(ref int location, int value)
    {
        var current = Volatile.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
