using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>
/// The socket-file rules of a careful daemon: tell a stale socket file from a live one, and remove only the stale.
/// </summary>
public static class UnixSocketFile
{
    /// <summary>
    /// Looks at <paramref name="path"/> without following a final symbolic link: missing, not a socket, or a socket
    /// that is live (a datagram connect succeeds) or stale (the connect is refused).
    /// </summary>
    public static UnixSocketFileState Probe(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (FileIdentity.Of(path) is not { } identity)
        {
            return UnixSocketFileState.Missing;
        }

        if (!identity.IsSocket)
        {
            return UnixSocketFileState.NotASocket;
        }

        using var probe = new UnixDatagramSocket();
        try
        {
            probe.Connect(UnixSocketAddress.FromPath(path));
            return UnixSocketFileState.Live;
        }
        catch (UnixSocketException ex) when (ex.ErrorNumber == Errno.ECONNREFUSED)
        {
            return UnixSocketFileState.Stale;
        }
        catch (UnixSocketException ex) when (ex.ErrorNumber == Errno.EPROTOTYPE)
        {
            // A stream or seqpacket socket: somebody else's, and not for us to judge.
            return UnixSocketFileState.Live;
        }
        catch (UnixSocketException)
        {
            return UnixSocketFileState.Unknown;
        }
    }

    /// <summary>
    /// Removes <paramref name="path"/> only if it is a stale socket file (see <see cref="Probe"/>); returns the state
    /// found, <see cref="UnixSocketFileState.Missing"/> after a removal.
    /// </summary>
    public static UnixSocketFileState RemoveIfStale(string path)
    {
        var state = Probe(path);
        if (state == UnixSocketFileState.Stale)
        {
            if (FileCalls.Unlink(path) != 0)
            {
                throw SocketErrors.Other(System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), "unlink", path);
            }

            return UnixSocketFileState.Missing;
        }

        return state;
    }

    /// <summary>
    /// Whether a socket still holds the abstract name <paramref name="address"/>: a datagram connect to it succeeds,
    /// or is refused for any reason but "no such name" (<c>ECONNREFUSED</c>). An abstract name lives exactly as long
    /// as the socket bound to it, and with it whatever that socket has not read yet, so a name no socket holds means
    /// the datagrams sent to it are gone (unix(7)). Another socket may have bound the name meanwhile: that counts as
    /// held.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not an abstract name (a path's file outlives its socket and can be moved: see <see cref="Probe"/>).</exception>
    public static bool IsHeld(UnixSocketAddress address)
    {
        if (address.Kind != UnixAddressKind.Abstract)
        {
            throw new ArgumentException("Only an abstract name lives exactly as long as its socket.", nameof(address));
        }

        using var probe = new UnixDatagramSocket();
        try
        {
            probe.Connect(address);
            return true;
        }
        catch (UnixSocketException ex) when (ex.ErrorNumber == Errno.ECONNREFUSED)
        {
            return false;
        }
        catch (UnixSocketException)
        {
            // EPERM: the holder is connected to another socket. Anything else: held, as far as can be known.
            return true;
        }
    }
}
