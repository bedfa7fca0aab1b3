namespace UnixDatagram.Transport.Tests;

/// <summary>A copy of what a socket delivered, safe to keep after the pooled datagram went back.</summary>
internal sealed record ReceivedDatagram(byte[] Payload, UnixSocketAddress Sender, UnixCredentials? Credentials, bool IsTruncated, int DatagramLength)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);

    public static ReceivedDatagram From(Datagram datagram) =>
        new(datagram.Span.ToArray(), datagram.Sender, datagram.Credentials, datagram.IsTruncated, datagram.DatagramLength);

    public static ReceivedDatagram From(ReceiveResult result, byte[] buffer) =>
        new(buffer.AsSpan(0, result.Length).ToArray(), result.Sender, result.Credentials, result.IsTruncated, result.DatagramLength);
}
