namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Bytes the whole process allocates per operation once warm, for paths whose work hops between threads (pool
/// threads, the I/O thread). What other tests left running (a host being disposed, a timer) can allocate meanwhile,
/// so the cleanest of several batches counts: an allocation per operation would show in every one. Tests that use it
/// run in a collection of their own (<see cref="ListenerIoThreadAlone"/>).
/// </summary>
internal sealed class AllocationBatches(int warm, int batches, int batchSize)
{
    private double _cleanest = double.MaxValue;
    private long _batchStart;

    /// <summary>Warm-up and measured operations together.</summary>
    public int Operations => warm + (batches * batchSize);

    /// <summary>Call before operation <paramref name="index"/> (from 0): starts a batch where one begins.</summary>
    public void Before(int index)
    {
        if (index < warm || (index - warm) % batchSize != 0)
        {
            return;
        }

        var now = GC.GetTotalAllocatedBytes(precise: true);
        if (index > warm)
        {
            _cleanest = Math.Min(_cleanest, (double)(now - _batchStart) / batchSize);
        }

        _batchStart = now;
    }

    /// <summary>After the last operation: the bytes per operation in the cleanest batch.</summary>
    public double Cleanest() => Math.Min(_cleanest, (double)(GC.GetTotalAllocatedBytes(precise: true) - _batchStart) / batchSize);

    public override string ToString() => $"the cleanest of {batches} batches of {batchSize}";
}
