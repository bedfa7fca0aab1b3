namespace UnixDatagram.Transport.Tests;

public sealed class UnixSocketExceptionPeerGoneTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly UnixDatagramSocket _server = new();
    private readonly UnixDatagramSocket _client = new();

    public UnixSocketExceptionPeerGoneTests()
    {
        _server.Bind(_dir.File("s.sock"));
        _client.Connect(_dir.File("s.sock"));
    }

    [Fact]
    public void Send_PeerClosed_IsPeerGone()
    {
        ForkGate.Close(_server);

        AssertSendFails("ECONNREFUSED", peerGone: true, () => _client.Send([1]));
    }

    [Fact]
    public void Send_PeerStoppedReceiving_IsPeerGone()
    {
        _server.ShutdownReceive();

        AssertSendFails("EPIPE", peerGone: true, () => _client.Send([1]));
    }

    [Fact]
    public void SendTo_NoSocketAtPath_IsPeerGone() =>
        AssertSendFails("ENOENT", peerGone: true, () => _client.SendTo([1], _dir.File("missing.sock")));

    [Fact]
    public void Send_DatagramLargerThanSendBuffer_IsNotPeerGone() =>
        AssertSendFails("EMSGSIZE", peerGone: false, () => _client.Send(new byte[_client.SendBufferSize + 1]));

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _dir.Dispose();
    }

    private static void AssertSendFails(string errno, bool peerGone, Func<SendStatus> send)
    {
        var error = Assert.Throws<UnixSocketException>(() => send());

        Assert.Equal(errno, error.ErrorName);
        Assert.Equal(peerGone, error.IsPeerGone);
    }
}
