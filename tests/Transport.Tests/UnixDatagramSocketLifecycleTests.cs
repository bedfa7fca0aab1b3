using System.Net.Sockets;

namespace UnixDatagram.Transport.Tests;

public sealed class UnixDatagramSocketLifecycleTests
{
    public static TheoryData<string> Operations => new(AfterClose.Keys);

    private static readonly Dictionary<string, Func<UnixDatagramSocket, Task>> AfterClose = new()
    {
        ["Bind"] = s => Run(() => s.Bind(TestNames.UniqueAbstractName("closed"))),
        ["Connect"] = s => Run(() => s.Connect(TestNames.UniqueAbstractName("closed"))),
        ["Send"] = s => Run(() => s.Send("x"u8)),
        ["SendTo"] = s => Run(() => s.SendTo("x"u8, "@nobody")),
        ["SendAsync"] = s => s.SendAsync(new byte[1]).AsTask(),
        ["SendToAsync"] = s => s.SendToAsync(new byte[1], UnixSocketAddress.Parse("@nobody")).AsTask(),
        ["ReceiveAsync"] = s => s.ReceiveAsync(new byte[1]).AsTask(),
        ["TryReceive"] = s => Run(() => s.TryReceive(new byte[1], out _)),
        ["StartReceiving"] = s => Run(s.StartReceiving),
        ["WaitWritableAsync"] = s => s.WaitWritableAsync(),
        ["PassCredentials"] = s => Run(() => s.PassCredentials = true),
        ["ReceiveBufferSize"] = s => Run(() => s.ReceiveBufferSize = 4096),
    };

    [Fact]
    public void ShutdownReceive_QueuedStayReadable_NewSendsFailWithEpipe()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = Connected(dir.File("s.sock"));
        Assert.Equal(SendStatus.Sent, client.Send("queued"u8));

        server.ShutdownReceive();

        var refused = Assert.Throws<UnixSocketException>(() => client.Send("late"u8));
        Assert.Equal("EPIPE", refused.ErrorName);
        Assert.Contains("no longer accepts datagrams", refused.Message, StringComparison.Ordinal);
        var buffer = new byte[16];
        Assert.True(server.TryReceive(buffer, out var result));
        Assert.Equal("queued"u8.ToArray(), buffer[..result.Length]);
        Assert.False(server.TryReceive(buffer, out _));
    }

    [Fact]
    public async Task Close_Repeated_IsHarmless()
    {
        var socket = new UnixDatagramSocket();
        socket.Bind(TestNames.UniqueAbstractName("twice"));

        socket.Close();
        socket.Close();
        socket.Dispose();
        await socket.DisposeAsync();

        Assert.True(socket.IsClosed);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_AfterClose_ThrowsObjectDisposed(string operation)
    {
        var socket = new UnixDatagramSocket();
        socket.Close();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => AfterClose[operation](socket));
    }

    [Fact]
    public async Task Close_WhileReceiveAsyncWaits_FailsItWithObjectDisposed()
    {
        var socket = new UnixDatagramSocket();
        socket.Bind(TestNames.UniqueAbstractName("pending"));
        var pending = socket.ReceiveAsync(new byte[8]).AsTask();

        socket.Close();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.Within());
    }

    [Fact]
    public async Task Close_WhileWaitingForWritable_FailsTheWaitWithObjectDisposed()
    {
        var name = TestNames.UniqueAbstractName("full");
        using var server = Bound(name);
        var client = new UnixDatagramSocket();
        client.Connect(name);
        while (client.Send("x"u8) == SendStatus.Sent)
        {
        }

        var pending = client.SendAsync(new byte[1]).AsTask();
        client.Close();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.Within());
    }

    [Fact]
    public void Close_BoundPath_RemovesTheSocketFile()
    {
        using var dir = new TempDirectory();
        var socket = new UnixDatagramSocket();
        socket.Bind(dir.File("s.sock"));
        Assert.Equal(["s.sock"], dir.Entries());

        socket.Close();

        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Close_FileChmodAfterBind_StillRemovesIt()
    {
        using var dir = new TempDirectory();
        var socket = new UnixDatagramSocket();
        socket.Bind(dir.File("s.sock"));
        File.SetUnixFileMode(dir.File("s.sock"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);

        Assert.True(socket.IsSocketFileIntact);
        socket.Close();

        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Close_SocketFileReplaced_LeavesTheReplacement()
    {
        using var dir = new TempDirectory();
        var socket = new UnixDatagramSocket();
        socket.Bind(dir.File("s.sock"));
        File.Delete(dir.File("s.sock"));
        File.WriteAllText(dir.File("s.sock"), "someone else's");

        Assert.False(socket.IsSocketFileIntact);
        socket.Close();

        Assert.Equal("someone else's", File.ReadAllText(dir.File("s.sock")));
    }

    [Fact]
    public void Close_SocketFileReplacedByAnotherSocket_LeavesIt()
    {
        using var dir = new TempDirectory();
        var socket = new UnixDatagramSocket();
        socket.Bind(dir.File("s.sock"));
        File.Delete(dir.File("s.sock"));
        using var successor = Bound(dir.File("s.sock"));

        socket.Close();

        Assert.Equal(["s.sock"], dir.Entries());
        Assert.True(successor.IsSocketFileIntact);
    }

    [Fact]
    public void Close_DeleteSocketFileOnCloseOff_LeavesTheFile()
    {
        using var dir = new TempDirectory();
        var socket = new UnixDatagramSocket { DeleteSocketFileOnClose = false };
        socket.Bind(dir.File("s.sock"));

        socket.Close();

        Assert.Equal(["s.sock"], dir.Entries());
        Assert.False(socket.IsSocketFileIntact);
    }

    [Fact]
    public void FromFileDescriptor_StreamSocket_ThrowsNamingItsTypeAndLeavesItOpen()
    {
        using var dir = new TempDirectory();
        using var stream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stream.Bind(new UnixDomainSocketEndPoint(dir.File("stream.sock")));
        stream.Listen();
        var fd = (int)stream.SafeHandle.DangerousGetHandle();

        var thrown = Assert.Throws<ArgumentException>(() => UnixDatagramSocket.FromFileDescriptor(fd));

        Assert.Contains("SOCK_STREAM", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("not an AF_UNIX SOCK_DGRAM", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(fd.ToString(System.Globalization.CultureInfo.InvariantCulture), thrown.Message, StringComparison.Ordinal);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(dir.File("stream.sock")));
    }

    [Fact]
    public void FromFileDescriptor_UdpSocket_ThrowsNamingItsFamily()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        var thrown = Assert.Throws<ArgumentException>(() => UnixDatagramSocket.FromFileDescriptor((int)udp.SafeHandle.DangerousGetHandle()));

        Assert.Contains("AF_INET SOCK_DGRAM", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFileDescriptor_NotASocket_ThrowsSayingSo()
    {
        using var dir = new TempDirectory();
        using var file = File.OpenHandle(dir.File("plain"), FileMode.Create, FileAccess.ReadWrite);

        var thrown = Assert.Throws<ArgumentException>(() => UnixDatagramSocket.FromFileDescriptor((int)file.DangerousGetHandle()));

        Assert.Contains("is not a socket (ENOTSOCK)", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromFileDescriptor_DatagramSocket_AdoptsItAndNeverUnlinksItsFile()
    {
        using var dir = new TempDirectory();
        using var original = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        original.Bind(new UnixDomainSocketEndPoint(dir.File("adopted.sock")));

        var adopted = UnixDatagramSocket.FromFileDescriptor((int)original.SafeHandle.DangerousGetHandle(), ownsHandle: false);
        adopted.DeleteSocketFileOnClose = true;
        var collector = DatagramCollector.Start(adopted);
        using var client = new UnixDatagramSocket();
        client.SendTo("to adopted"u8, dir.File("adopted.sock"));
        var received = await collector.NextAsync();
        var local = adopted.LocalAddress;
        adopted.Close();

        Assert.Equal("to adopted", received.Text);
        Assert.True(adopted.IsBound);
        Assert.Equal(UnixSocketAddress.FromPath(dir.File("adopted.sock")), local);
        Assert.Equal(["adopted.sock"], dir.Entries());
        Assert.Equal(1, original.SendTo([1], new UnixDomainSocketEndPoint(dir.File("adopted.sock"))));
    }

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }
}
