using System.Net.Sockets;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>
/// A failed socket system call, carrying the exact errno (by number and by name), the operation and the address.
/// </summary>
/// <remarks>
/// <see cref="SocketException.SocketErrorCode"/> holds the closest <see cref="SocketError"/>, but .NET's mapping
/// loses detail (a missing directory and a refused peer can look alike), so prefer <see cref="ErrorName"/>.
/// </remarks>
public sealed class UnixSocketException : SocketException
{
    /// <summary>Creates the exception for a failed <paramref name="operation"/> on <paramref name="address"/>.</summary>
    /// <param name="errno">The errno the call set.</param>
    /// <param name="operation">The system call or operation, such as <c>bind</c>.</param>
    /// <param name="address">The address involved, if any.</param>
    /// <param name="message">The whole message; built from the other parts when null.</param>
    public UnixSocketException(int errno, string operation, string? address = null, string? message = null)
        : base((int)Errno.ToSocketError(errno), message ?? Describe(errno, operation, address))
    {
        ErrorNumber = errno;
        Operation = operation;
        Address = address;
    }

    /// <summary>The errno value, such as 2 for <c>ENOENT</c>.</summary>
    public int ErrorNumber { get; }

    /// <summary>The errno name, such as <c>ENOENT</c>.</summary>
    public string ErrorName => Errno.Name(ErrorNumber);

    /// <summary>
    /// Whether the peer is gone: nothing (any more) at the address, nobody receiving there, or the peer closed or
    /// stopped receiving (<c>ENOENT</c>, <c>ECONNREFUSED</c>, <c>ECONNRESET</c>, <c>ENOTCONN</c>, <c>EPIPE</c>).
    /// Connecting again later is the remedy; any other error (such as <c>EMSGSIZE</c> or <c>EACCES</c>) is not
    /// cured by waiting for the peer.
    /// </summary>
    public bool IsPeerGone => Errno.IsPeerGone(ErrorNumber);

    /// <summary>The operation that failed, such as <c>bind</c> or <c>sendto</c>.</summary>
    public string Operation { get; }

    /// <summary>The socket address involved, if any.</summary>
    public string? Address { get; }

    /// <summary>The default message: operation, address, errno name and the system's description.</summary>
    internal static string Describe(int errno, string operation, string? address)
    {
        var where = address is null ? string.Empty : $" '{address}'";
        return $"{operation}{where} failed: {Errno.Name(errno)} ({System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)})";
    }
}
