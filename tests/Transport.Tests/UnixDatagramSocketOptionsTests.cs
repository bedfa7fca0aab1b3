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
}
