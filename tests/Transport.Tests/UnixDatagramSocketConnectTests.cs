using System.Net.Sockets;

namespace UnixDatagram.Transport.Tests;

public sealed class UnixDatagramSocketConnectTests
{
    [Fact]
    public async Task Connect_BoundPeer_RaisesConnectedAndSendsNeedNoAddress()
    {
        using var dir = new TempDirectory();
        using var server = new UnixDatagramSocket();
        server.Bind(dir.File("s.sock"));
        using var client = new UnixDatagramSocket();
        var connected = 0;
        client.Connected += (_, _) => connected++;

        client.Connect(dir.File("s.sock"));
        client.Send("hi"u8);
        var result = await server.ReceiveAsync(new byte[8]).Within();

        Assert.Equal(1, connected);
        Assert.True(client.IsConnected);
        Assert.Equal(UnixSocketAddress.FromPath(dir.File("s.sock")), client.RemoteAddress);
        Assert.Equal(2, result.Length);
    }

    [Fact]
    public void Connect_MissingPath_ThrowsENOENTAndRaisesError()
    {
        using var dir = new TempDirectory();
        using var client = new UnixDatagramSocket();
        UnixSocketException? signalled = null;
        client.Error += (_, e) => signalled = e.Exception;

        var thrown = Assert.Throws<UnixSocketException>(() => client.Connect(dir.File("missing.sock")));

        Assert.Equal("ENOENT", thrown.ErrorName);
        Assert.Contains($"there is no socket at '{dir.File("missing.sock")}'", thrown.Message, StringComparison.Ordinal);
        Assert.Same(thrown, signalled);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public void Connect_StaleSocketFile_ThrowsECONNREFUSEDSayingNothingIsReceiving()
    {
        using var dir = new TempDirectory();
        LeaveStale(dir.File("stale.sock"));

        using var client = new UnixDatagramSocket();

        var thrown = Assert.Throws<UnixSocketException>(() => client.Connect(dir.File("stale.sock")));

        Assert.Equal("ECONNREFUSED", thrown.ErrorName);
        Assert.Equal(SocketError.ConnectionRefused, thrown.SocketErrorCode);
        Assert.Contains("nothing is receiving", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_StreamSocket_ThrowsEPROTOTYPESayingNotADatagramSocket()
    {
        using var dir = new TempDirectory();
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(dir.File("stream.sock")));
        listener.Listen();
        using var client = new UnixDatagramSocket();

        var thrown = Assert.Throws<UnixSocketException>(() => client.Connect(dir.File("stream.sock")));

        Assert.Equal("EPROTOTYPE", thrown.ErrorName);
        Assert.Contains("not a datagram socket", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnixSocketAddressTests.BadAddresses), MemberType = typeof(UnixSocketAddressTests))]
    public void ConnectAndSendTo_BadAddress_ThrowArgumentException(string address, string reason)
    {
        using var client = new UnixDatagramSocket();

        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => client.Connect(address)).Message, StringComparison.Ordinal);
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => client.SendTo("x"u8, address)).Message, StringComparison.Ordinal);
    }
}
