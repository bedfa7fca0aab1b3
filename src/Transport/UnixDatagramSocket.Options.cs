using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <content>Socket options and names.</content>
public sealed partial class UnixDatagramSocket
{
    /// <summary>The address the socket is bound to, as the kernel reports it (<c>getsockname</c>).</summary>
    public unsafe UnixSocketAddress LocalAddress
    {
        get
        {
            var sockaddr = stackalloc byte[UnixSocketAddress.SockaddrSize];
            var length = UnixSocketAddress.SockaddrSize;
            if (SocketCalls.GetSockName(_handle, sockaddr, &length) != 0)
            {
                throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "getsockname");
            }

            return UnixSocketAddress.Read(new ReadOnlySpan<byte>(sockaddr, UnixSocketAddress.SockaddrSize), length);
        }
    }

    /// <summary>
    /// Whether every received datagram carries the sender's kernel-verified pid, uid and gid (<c>SO_PASSCRED</c>).
    /// Turn it on before <see cref="Bind(string)"/>: a datagram queued before it was on carries no credentials (the
    /// kernel shows pid 0 and the overflow ids, 65534, which this socket reports as unknown: null). Default: off.
    /// </summary>
    public bool PassCredentials
    {
        get => GetIntOption(Libc.SO_PASSCRED, "SO_PASSCRED") != 0;
        set => SetIntOption(Libc.SO_PASSCRED, value ? 1 : 0, "SO_PASSCRED");
    }

    /// <summary>
    /// The receive buffer in bytes (<c>SO_RCVBUF</c>). The kernel doubles what is set and caps it at
    /// <c>net.core.rmem_max</c>; the getter returns the kernel's figure. For AF_UNIX datagrams the queue length is
    /// bounded by <c>net.unix.max_dgram_qlen</c> as well.
    /// </summary>
    public int ReceiveBufferSize
    {
        get => GetIntOption(Libc.SO_RCVBUF, "SO_RCVBUF");
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            SetIntOption(Libc.SO_RCVBUF, value, "SO_RCVBUF");
        }
    }

    /// <summary>
    /// The send buffer in bytes (<c>SO_SNDBUF</c>); it bounds the largest datagram this socket can send and the bytes
    /// in flight. The kernel doubles what is set and caps it at <c>net.core.wmem_max</c>.
    /// </summary>
    public int SendBufferSize
    {
        get => GetIntOption(Libc.SO_SNDBUF, "SO_SNDBUF");
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            SetIntOption(Libc.SO_SNDBUF, value, "SO_SNDBUF");
        }
    }

    /// <summary>
    /// The bytes the kernel keeps from <see cref="SendBufferSize"/> for each datagram: a datagram may be at most
    /// <c>SO_SNDBUF</c> less this (<c>unix_dgram_sendmsg</c> in net/unix/af_unix.c: <c>len &gt; sk_sndbuf - 32</c> is
    /// <c>EMSGSIZE</c>).
    /// </summary>
    public const int SendBufferOverhead = 32;

    /// <summary>
    /// Raises <see cref="SendBufferSize"/> to at least <paramref name="bytes"/>, as far as the kernel allows, and never
    /// lowers it: <c>SO_SNDBUF</c> up to twice <c>net.core.wmem_max</c>, beyond that <c>SO_SNDBUFFORCE</c>, which needs
    /// <c>CAP_NET_ADMIN</c> (socket(7)). Without the capability the buffer stays at what <c>SO_SNDBUF</c> reached.
    /// </summary>
    /// <param name="bytes">The send buffer wanted, as <see cref="SendBufferSize"/> reports it (already doubled).</param>
    /// <returns>The send buffer now; less than <paramref name="bytes"/> when the kernel allows no more.</returns>
    public int RaiseSendBufferSize(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        var current = SendBufferSize;
        if (current >= bytes)
        {
            return current;
        }

        // The kernel doubles what it is given (socket(7)); ask for half, rounded up.
        var request = (int)Math.Min(((long)bytes + 1) / 2, int.MaxValue / 2);
        var cap = WriteMemoryMax();
        if (cap is { } max && (long)max * 2 >= bytes)
        {
            SetIntOption(Libc.SO_SNDBUF, request, "SO_SNDBUF");
            return SendBufferSize;
        }

        if (TrySetIntOption(Libc.SO_SNDBUFFORCE, request))
        {
            return SendBufferSize;
        }

        // Not privileged: as far as net.core.wmem_max goes, unless that would lower the buffer.
        if (cap is { } limit && (long)limit * 2 > current)
        {
            SetIntOption(Libc.SO_SNDBUF, Math.Min(request, limit), "SO_SNDBUF");
        }

        return SendBufferSize;
    }

    /// <summary><c>net.core.wmem_max</c>, the most <c>SO_SNDBUF</c> takes (before doubling); null when unreadable.</summary>
    private static int? WriteMemoryMax()
    {
        try
        {
            return int.TryParse(File.ReadAllText("/proc/sys/net/core/wmem_max").Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max) ? max : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private unsafe bool TrySetIntOption(int name, int value)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        return SocketCalls.SetSockOpt(_handle, Libc.SOL_SOCKET, name, &value, sizeof(int)) == 0;
    }

    private unsafe int GetIntOption(int name, string optionName)
    {
        int value = 0, length = sizeof(int);
        if (SocketCalls.GetSockOpt(_handle, Libc.SOL_SOCKET, name, &value, &length) != 0)
        {
            throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "getsockopt " + optionName, _boundAddress.IsAddressable ? _boundAddress.ToString() : null);
        }

        return value;
    }

    private unsafe void SetIntOption(int name, int value, string optionName)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (SocketCalls.SetSockOpt(_handle, Libc.SOL_SOCKET, name, &value, sizeof(int)) != 0)
        {
            throw Throw(SocketErrors.Other(Marshal.GetLastPInvokeError(), "setsockopt " + optionName, _boundAddress.IsAddressable ? _boundAddress.ToString() : null));
        }
    }
}
