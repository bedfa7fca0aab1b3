using System.Text;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <content>Conversion to and from <c>struct sockaddr_un</c>.</content>
public readonly partial struct UnixSocketAddress
{
    /// <summary>Size of <c>struct sockaddr_un</c>.</summary>
    internal const int SockaddrSize = 110;

    /// <summary>Offset of <c>sun_path</c>, after <c>sa_family_t</c>.</summary>
    internal const int PathOffset = 2;

    /// <summary>Writes this address as a <c>sockaddr_un</c> and returns the length to pass to the kernel.</summary>
    internal int Write(Span<byte> sockaddr)
    {
        if (Kind == UnixAddressKind.Unnamed)
        {
            throw new InvalidOperationException("An unnamed UNIX socket address cannot be written.");
        }

        sockaddr[..SockaddrSize].Clear();
        BitConverter.TryWriteBytes(sockaddr, (ushort)Libc.AF_UNIX);
        if (Kind == UnixAddressKind.Path)
        {
            var n = Encoding.UTF8.GetBytes(Value, sockaddr[PathOffset..]);
            return PathOffset + n + 1;
        }

        // Abstract: a leading NUL, then exactly the name's bytes; the length says where it ends.
        var written = Encoding.UTF8.GetBytes(Value, sockaddr[(PathOffset + 1)..]);
        return PathOffset + 1 + written;
    }

    /// <summary>Reads a <c>sockaddr_un</c> of the given length, as returned by the kernel.</summary>
    internal static UnixSocketAddress Read(ReadOnlySpan<byte> sockaddr, int length)
    {
        if (length <= PathOffset)
        {
            return Unnamed;
        }

        var path = sockaddr[PathOffset..Math.Min(length, SockaddrSize)];
        if (path[0] == 0)
        {
            return new UnixSocketAddress(UnixAddressKind.Abstract, Encoding.UTF8.GetString(path[1..]));
        }

        var end = path.IndexOf((byte)0);
        return new UnixSocketAddress(UnixAddressKind.Path, Encoding.UTF8.GetString(end < 0 ? path : path[..end]));
    }
}
