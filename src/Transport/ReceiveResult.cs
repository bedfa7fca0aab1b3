namespace UnixDatagram.Transport;

/// <summary>One datagram read into a caller's buffer by <see cref="UnixDatagramSocket.ReceiveAsync"/>.</summary>
/// <param name="Length">Bytes written to the buffer.</param>
/// <param name="DatagramLength">The datagram's real length; larger than <paramref name="Length"/> when truncated.</param>
/// <param name="IsTruncated">Whether the datagram did not fit the buffer and was cut (<c>MSG_TRUNC</c>).</param>
/// <param name="Sender">The sender's address, <see cref="UnixAddressKind.Unnamed"/> when it never bound.</param>
/// <param name="Credentials">The sender's credentials, when <see cref="UnixDatagramSocket.PassCredentials"/> is on.</param>
public readonly record struct ReceiveResult(int Length, int DatagramLength, bool IsTruncated, UnixSocketAddress Sender, UnixCredentials? Credentials);
