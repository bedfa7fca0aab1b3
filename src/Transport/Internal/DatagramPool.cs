namespace UnixDatagram.Transport.Internal;

/// <summary>
/// The buffers of one receive loop. It starts empty and creates a datagram only when a batch needs one and none is
/// free, up to <c>capacity</c>: an endpoint that never receives costs no buffers, a busy one grows to what its load
/// needs. Not thread-safe: the loop holds its lock.
/// </summary>
internal sealed class DatagramPool(ReceiveLoop owner, int bufferSize, int capacity)
{
    private Datagram[] _free = [];
    private int _freeCount;
    private int _created;

    /// <summary>Datagrams that can be taken now: free ones plus those not yet created.</summary>
    public int Available => _freeCount + (capacity - _created);

    /// <summary>Datagrams created so far (never more than the capacity).</summary>
    public int Created => _created;

    /// <summary>A free datagram, or a new one while fewer than the capacity exist. Call only when <see cref="Available"/> is positive.</summary>
    public Datagram Take()
    {
        if (_freeCount > 0)
        {
            var datagram = _free[--_freeCount];
            _free[_freeCount] = null!;
            return datagram;
        }

        _created++;
        return new Datagram(owner, bufferSize);
    }

    /// <summary>Puts a datagram back.</summary>
    public void Add(Datagram datagram)
    {
        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, Math.Min(capacity, Math.Max(4, _free.Length * 2)));
        }

        _free[_freeCount++] = datagram;
    }
}
