using UnixDatagram.Handlers;

namespace UnixDatagram.Bench.Soak;

/// <summary>Completes synchronously: the steady path.</summary>
internal sealed class CountingHandler : IDatagramHandler
{
    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken) => default;
}

/// <summary>
/// Every 10th datagram throws, every 1000th ignores its cancellation for 3 s (past the timeout and its 1 s grace) (a stuck handler),
/// every 50th goes asynchronous; the rest complete at once.
/// </summary>
internal sealed class FaultyHandler : IDatagramHandler
{
    private long _count;

    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _count);
        if (n % 1000 == 0)
        {
            return StuckAsync();
        }

        if (n % 10 == 0)
        {
            throw new InvalidOperationException($"soak fault {n}");
        }

        return n % 50 == 0 ? YieldAsync() : default;
    }

    private static async ValueTask StuckAsync() => await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);

    private static async ValueTask YieldAsync() => await Task.Yield();
}
