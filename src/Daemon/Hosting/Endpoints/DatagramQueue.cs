namespace UnixDatagram.Hosting.Endpoints;

/// <summary>A fixed ring of datagrams waiting for a handler. Not thread-safe: the endpoint holds its lock.</summary>
internal sealed class DatagramQueue
{
    private readonly Datagram?[] _items;
    private int _head;

    public DatagramQueue(int capacity)
    {
        _items = new Datagram?[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    public bool IsFull => Count == _items.Length;

    public void Enqueue(Datagram datagram)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("The endpoint queue is full.");
        }

        _items[(_head + Count) % _items.Length] = datagram;
        Count++;
    }

    public bool TryDequeue(out Datagram datagram)
    {
        if (Count == 0)
        {
            datagram = null!;
            return false;
        }

        datagram = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) % _items.Length;
        Count--;
        return true;
    }
}
