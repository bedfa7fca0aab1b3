namespace UnixDatagram.Transport.Internal;

/// <summary>
/// The process-wide allowance of receive threads for busy sockets (<see cref="ReceiveLoopOptions.PromoteWhenBusy"/>):
/// one per CPU this process may run on. Quiet sockets stay on the shared epoll thread, so the number of threads
/// depends on the CPUs and the load, never on the number of sockets.
/// </summary>
internal static class ReceiveThreads
{
    private static int s_inUse;

    /// <summary>At most this many promoted receive threads run at once.</summary>
    public static int Limit { get; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Promoted receive threads running now.</summary>
    public static int InUse => Volatile.Read(ref s_inUse);

    /// <summary>Claims one thread of the allowance; false when all are taken.</summary>
    public static bool TryAcquire()
    {
        while (true)
        {
            var used = Volatile.Read(ref s_inUse);
            if (used >= Limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref s_inUse, used + 1, used) == used)
            {
                return true;
            }
        }
    }

    /// <summary>Gives a thread of the allowance back.</summary>
    public static void Release() => Interlocked.Decrement(ref s_inUse);
}
