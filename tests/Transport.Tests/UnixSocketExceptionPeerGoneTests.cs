namespace UnixDatagram.Transport.Tests;

public sealed class UnixSocketExceptionPeerGoneTests
{
    [Fact]
    public void Send_PeerClosed_IsPeerGone()
    {
        using var dir = new TempDirectory();
        var server = new UnixDatagramSocket();
        server.Bind(dir.File("s.sock"));
        using var client = new UnixDatagramSocket();
        client.Connect(dir.File("s.sock"));
        server.Dispose();

        var error = Assert.Throws<UnixSocketException>(() => client.Send([1]));

        Assert.Equal("ECONNREFUSED", error.ErrorName);
        Assert.True(error.IsPeerGone);
    }

    [Fact]
    public void Send_PeerStoppedReceiving_IsPeerGone()
    {
        using var dir = new TempDirectory();
        using var server = new UnixDatagramSocket();
        server.Bind(dir.File("s.sock"));
        using var client = new UnixDatagramSocket();
        client.Connect(dir.File("s.sock"));
        server.ShutdownReceive();

        var error = Assert.Throws<UnixSocketException>(() => client.Send([1]));

        Assert.Equal("EPIPE", error.ErrorName);
        Assert.True(error.IsPeerGone);
    }

    [Fact]
    public void SendTo_NoSocketAtPath_IsPeerGone()
    {
        using var dir = new TempDirectory();
        using var client = new UnixDatagramSocket();

        var error = Assert.Throws<UnixSocketException>(() => client.SendTo([1], dir.File("missing.sock")));

        Assert.Equal("ENOENT", error.ErrorName);
        Assert.True(error.IsPeerGone);
    }

    [Fact]
    public void Send_DatagramLargerThanSendBuffer_IsNotPeerGone()
    {
        using var dir = new TempDirectory();
        using var server = new UnixDatagramSocket();
        server.Bind(dir.File("s.sock"));
        using var client = new UnixDatagramSocket();
        client.Connect(dir.File("s.sock"));

        var error = Assert.Throws<UnixSocketException>(() => client.Send(new byte[client.SendBufferSize + 1]));

        Assert.Equal("EMSGSIZE", error.ErrorName);
        Assert.False(error.IsPeerGone);
    }
}
