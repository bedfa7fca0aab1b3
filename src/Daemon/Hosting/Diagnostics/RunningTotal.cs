namespace UnixDatagram.Hosting.Diagnostics;

/// <summary>
/// One running total of a statistics class: written through its methods only, read from any thread without tearing.
/// </summary>
internal sealed class RunningTotal
{
    private long _value;

    /// <summary>The total now.</summary>
    public long Value => Volatile.Read(ref _value);

    /// <summary>Adds <paramref name="amount"/> from any thread.</summary>
    /// <returns>The new total.</returns>
    public long Add(long amount = 1) => Interlocked.Add(ref _value, amount);

    /// <summary>
    /// Adds <paramref name="amount"/> from the one thread that ever writes this total (an endpoint's receive loop),
    /// without a locked instruction per datagram; readers still see whole values.
    /// </summary>
    public void AddFromOwner(long amount = 1) => Volatile.Write(ref _value, _value + amount);
}
