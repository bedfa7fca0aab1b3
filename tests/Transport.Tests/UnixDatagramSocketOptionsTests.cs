namespace UnixDatagram.Transport.Tests;

public sealed class UnixDatagramSocketOptionsTests
{
    [Fact]
    public void ReceiveBufferSize_Set_ReadsBackDoubledByTheKernel()
    {
        using var socket = new UnixDatagramSocket();

        socket.ReceiveBufferSize = 12345;

        Assert.Equal(2 * 12345, socket.ReceiveBufferSize);
    }

    [Fact]
    public void SendBufferSize_Set_ReadsBackDoubledByTheKernel()
    {
        using var socket = new UnixDatagramSocket();

        socket.SendBufferSize = 23456;

        Assert.Equal(2 * 23456, socket.SendBufferSize);
    }

    [Fact]
    public void BufferSizes_ZeroOrNegative_ThrowArgumentOutOfRange()
    {
        using var socket = new UnixDatagramSocket();

        Assert.Throws<ArgumentOutOfRangeException>(() => socket.ReceiveBufferSize = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.SendBufferSize = -1);
    }

    [Fact]
    public void PassCredentials_Set_ReadsBack()
    {
        using var socket = new UnixDatagramSocket();
        Assert.False(socket.PassCredentials);

        socket.PassCredentials = true;
        Assert.True(socket.PassCredentials);

        socket.PassCredentials = false;
        Assert.False(socket.PassCredentials);
    }

    [Fact]
    public void LocalAddress_ReportsWhatTheKernelHas()
    {
        using var dir = new TempDirectory();
        using var unbound = new UnixDatagramSocket();
        using var path = Bound(dir.File("p.sock"));
        var name = TestNames.UniqueAbstractName("local");
        using var abstractName = Bound(name);

        Assert.Equal(UnixSocketAddress.Unnamed, unbound.LocalAddress);
        Assert.Equal(UnixSocketAddress.FromPath(dir.File("p.sock")), path.LocalAddress);
        Assert.Equal(UnixSocketAddress.Parse(name), abstractName.LocalAddress);
    }

    [Fact]
    public void UnreadSentBytes_UntilTheReceiverReads_CountsWhatWasSent()
    {
        using var dir = new TempDirectory();
        using var receiver = Bound(dir.File("r.sock"));
        using var sender = new UnixDatagramSocket();
        sender.Connect(dir.File("r.sock"));
        var before = sender.UnreadSentBytes;

        Assert.Equal(SendStatus.Sent, sender.Send(new byte[1000]));
        var unread = sender.UnreadSentBytes;
        Assert.True(receiver.TryReceive(new byte[2000], out var received) && !received.IsTruncated);

        Assert.Equal(0, before);
        Assert.True(unread > 1000, unread.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, sender.UnreadSentBytes);
    }
}
