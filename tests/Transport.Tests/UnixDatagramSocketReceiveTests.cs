using System.Net;
using System.Net.Sockets;
using System.Text;
namespace UnixDatagram.Transport.Tests;

public sealed class UnixDatagramSocketReceiveTests
{
    [Fact]
    public async Task ReceiveAsync_UnboundSender_ReportsUnnamed()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = new UnixDatagramSocket();

        client.SendTo("from nowhere"u8, dir.File("s.sock"));
        var received = await ReceiveAsync(server);

        Assert.Equal("from nowhere", received.Text);
        Assert.Equal(UnixAddressKind.Unnamed, received.Sender.Kind);
        Assert.False(received.Sender.IsAddressable);
    }

    [Fact]
    public async Task ReceiveAsync_BoundSender_ReportsItsPath()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = Bound(dir.File("c.sock"));

        client.SendTo("from c"u8, dir.File("s.sock"));
        var received = await ReceiveAsync(server);

        Assert.Equal("from c", received.Text);
        Assert.Equal(UnixAddressKind.Path, received.Sender.Kind);
        Assert.Equal(dir.File("c.sock"), received.Sender.Value);
    }

    [Fact]
    public async Task ReceiveAsync_UnnamedSenderRightAfterNamedOne_ReportsUnnamed()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var named = Bound(dir.File("named.sock"));
        using var unnamed = new UnixDatagramSocket();

        named.SendTo("1"u8, dir.File("s.sock"));
        unnamed.SendTo("2"u8, dir.File("s.sock"));
        var first = await ReceiveAsync(server);
        var second = await ReceiveAsync(server);

        Assert.Equal(UnixSocketAddress.FromPath(dir.File("named.sock")), first.Sender);
        Assert.Equal("2", second.Text);
        Assert.Equal(UnixSocketAddress.Unnamed, second.Sender);
    }

    /// <summary>Why we do not use it: the overload keeps the previous sender when the next one has no name.</summary>
    [Fact]
    public void SocketReceiveFromOverload_UnnamedSenderAfterNamedOne_ReportsThePreviousSender()
    {
        using var dir = new TempDirectory();
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(dir.File("s.sock")));
        using var named = Bound(dir.File("named.sock"));
        using var unnamed = new UnixDatagramSocket();
        server.ReceiveTimeout = (int)TestWait.Timeout.TotalMilliseconds;
        var buffer = new byte[16];

        named.SendTo("1"u8, dir.File("s.sock"));
        unnamed.SendTo("2"u8, dir.File("s.sock"));
        EndPoint sender = new UnixDomainSocketEndPoint(dir.File("placeholder"));
        server.ReceiveFrom(buffer, ref sender);
        Assert.Equal(dir.File("named.sock"), sender.ToString());
        var length = server.ReceiveFrom(buffer, ref sender);

        Assert.Equal("2", Encoding.UTF8.GetString(buffer, 0, length));
        Assert.Equal(dir.File("named.sock"), sender.ToString());
    }

    [Fact]
    public async Task ReceiveAsync_DatagramLargerThanBuffer_IsTruncatedWithItsRealLength_NextIsIntact()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = Connected(dir.File("s.sock"));
        var big = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        client.Send(big);
        client.Send("next"u8);
        var buffer = new byte[100];
        var first = await server.ReceiveAsync(buffer).Within();
        var firstBytes = buffer[..first.Length];
        var second = await server.ReceiveAsync(buffer).Within();

        Assert.True(first.IsTruncated);
        Assert.Equal(100, first.Length);
        Assert.Equal(1000, first.DatagramLength);
        Assert.Equal(big[..100], firstBytes);
        Assert.False(second.IsTruncated);
        Assert.Equal(4, second.DatagramLength);
        Assert.Equal("next", Encoding.UTF8.GetString(buffer, 0, second.Length));
    }

    [Fact]
    public async Task ReceiveAsync_Cancelled_ThrowsOperationCanceled_AndALaterReceiveWorks()
    {
        var name = TestNames.UniqueAbstractName("cancel");
        using var server = Bound(name);
        using var cancel = new CancellationTokenSource();
        var pending = server.ReceiveAsync(new byte[8], cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.Within());
        using var client = new UnixDatagramSocket();
        client.SendTo("late"u8, name);
        var result = await server.ReceiveAsync(new byte[8]).Within();

        Assert.Equal(4, result.Length);
    }

    [Fact]
    public async Task ReceiveAsync_TwoWaiting_EachGetsOneDatagram()
    {
        var name = TestNames.UniqueAbstractName("two");
        using var server = Bound(name);
        var first = server.ReceiveAsync(new byte[8]).AsTask();
        var second = server.ReceiveAsync(new byte[8]).AsTask();
        using var client = new UnixDatagramSocket();

        client.SendTo("a"u8, name);
        client.SendTo("bb"u8, name);
        var results = await Task.WhenAll(first, second).Within();

        Assert.Equal([1, 2], results.Select(r => r.Length).Order());
    }


    private static async Task<ReceivedDatagram> ReceiveAsync(UnixDatagramSocket socket, int bufferSize = 1024)
    {
        var buffer = new byte[bufferSize];
        var result = await socket.ReceiveAsync(buffer).Within();
        return ReceivedDatagram.From(result, buffer);
    }
}
