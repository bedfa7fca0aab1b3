namespace UnixDatagram.Transport.Internal;

/// <summary>
/// Decoded sender addresses, keyed by their raw <c>sockaddr_un</c> bytes, so that a steady stream from a few
/// senders decodes (and allocates) each address once. Used by one thread at a time.
/// </summary>
internal sealed class AddressCache
{
    private const int Entries = 8;
    private readonly byte[][] _raw = new byte[Entries][];
    private readonly int[] _length = new int[Entries];
    private readonly UnixSocketAddress[] _address = new UnixSocketAddress[Entries];
    private int _next;

    public AddressCache()
    {
        for (var i = 0; i < Entries; i++)
        {
            _raw[i] = new byte[UnixSocketAddress.SockaddrSize];
            _length[i] = -1;
        }
    }

    public UnixSocketAddress Get(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length <= UnixSocketAddress.PathOffset)
        {
            return UnixSocketAddress.Unnamed;
        }

        for (var i = 0; i < Entries; i++)
        {
            if (_length[i] == sockaddr.Length && sockaddr.SequenceEqual(_raw[i].AsSpan(0, sockaddr.Length)))
            {
                return _address[i];
            }
        }

        var address = UnixSocketAddress.Read(sockaddr, sockaddr.Length);
        var slot = _next;
        _next = (_next + 1) % Entries;
        sockaddr.CopyTo(_raw[slot]);
        _length[slot] = sockaddr.Length;
        _address[slot] = address;
        return address;
    }
}
