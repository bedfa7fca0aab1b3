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
        var name = NameBytes;
        if (Kind == UnixAddressKind.Path)
        {
            name.CopyTo(sockaddr[PathOffset..]);
            return PathOffset + name.Length + 1;
        }

        // Abstract: a leading NUL, then exactly the name's bytes; the length says where it ends.
        name.CopyTo(sockaddr[(PathOffset + 1)..]);
        return PathOffset + 1 + name.Length;
    }

    /// <summary>
    /// Writes the <c>sockaddr_un</c> of <c>/proc/self/fd/<paramref name="fd"/></c>: the kernel resolves that link to the
    /// very file the descriptor holds, so a send through it reaches that socket file whatever its path names by now.
    /// </summary>
    internal static int WriteDescriptorPath(Span<byte> sockaddr, int fd)
    {
        sockaddr[..SockaddrSize].Clear();
        BitConverter.TryWriteBytes(sockaddr, (ushort)Libc.AF_UNIX);
        var path = sockaddr[PathOffset..];
        "/proc/self/fd/"u8.CopyTo(path);
        fd.TryFormat(path[14..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        return PathOffset + 14 + digits + 1;
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
            return new UnixSocketAddress(UnixAddressKind.Abstract, path[1..].ToArray());
        }

        var end = path.IndexOf((byte)0);
        return new UnixSocketAddress(UnixAddressKind.Path, (end < 0 ? path : path[..end]).ToArray());
    }
}
