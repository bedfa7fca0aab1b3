using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Systemd;

/// <content>Taking passed sockets by name and by path.</content>
public sealed partial class SystemdSocketActivationTests
{
    [Fact]
    public async Task TryTakeByName_DatagramSocket_AdoptsTheSameSocket()
    {
        var path = PassDatagramSocket("ingest.sock");
        PassEnvironment(OurPid, "ingest");
        var activation = Create();

        Assert.True(activation.TryTakeByName("ingest", out var socket));
        using (socket)
        {
            Assert.Equal(UnixSocketAddress.Parse(path), socket.LocalAddress);
            using var client = new UnixDatagramSocket();
            Assert.Equal(SendStatus.Sent, client.SendTo("hello"u8, path));
            var buffer = new byte[64];
            var result = await socket.ReceiveAsync(buffer).AsTask().WaitAsync(TestWait.Timeout);
            Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, result.Length));
        }

        Assert.Empty(activation.Untaken);
    }

    [Fact]
    public void TryTakeByName_AdoptedSocketClosed_FileAndModeAreLeftAlone()
    {
        var path = PassDatagramSocket("ingest.sock");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite);
        PassEnvironment(OurPid, "ingest");
        var activation = Create();

        Assert.True(activation.TryTakeByName("ingest", out var socket));
        Assert.False(socket.DeleteSocketFileOnClose);
        socket.Dispose();

        Assert.True(File.Exists(path), "an adopted socket's file belongs to the .socket unit and must stay");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void TryTakeByName_TakenOnce_SecondTakeFails()
    {
        PassDatagramSocket("ingest.sock");
        PassEnvironment(OurPid, "ingest");
        var activation = Create();

        Assert.True(activation.TryTakeByName("ingest", out var socket));
        socket.Dispose();
        Assert.False(activation.TryTakeByName("ingest", out _));
    }

    [Fact]
    public void TryTakeByName_UnknownName_ReturnsFalseAndKeepsTheRest()
    {
        PassDatagramSocket("ingest.sock");
        PassEnvironment(OurPid, "ingest");
        var activation = Create();

        Assert.False(activation.TryTakeByName("other", out _));
        Assert.Equal("ingest", Assert.Single(activation.Untaken).Name);
    }

    [Fact]
    public void TryTakeByName_TwoSocketsOneName_TakesThemInDescriptorOrder()
    {
        var first = PassDatagramSocket("a.sock");
        var second = PassDatagramSocket("b.sock");
        PassEnvironment(OurPid, "ingest:ingest");
        var activation = Create();

        Assert.True(activation.TryTakeByName("ingest", out var a));
        Assert.True(activation.TryTakeByName("ingest", out var b));
        using (a)
        using (b)
        {
            Assert.Equal(first, a.LocalAddress.Value);
            Assert.Equal(second, b.LocalAddress.Value);
        }
    }

    [Fact]
    public void TryTakeByPath_BoundPath_AdoptsIt()
    {
        PassDatagramSocket("a.sock");
        var path = PassDatagramSocket("b.sock");
        PassEnvironment(OurPid, "a:b");
        var activation = Create();

        Assert.True(activation.TryTakeByPath(path, out var socket));
        using (socket)
        {
            Assert.Equal(path, socket.LocalAddress.Value);
        }

        Assert.Equal("a", Assert.Single(activation.Untaken).Name);
    }

    [Fact]
    public void TryTakeByPath_UnnormalizedPath_MatchesTheSameFile()
    {
        var path = PassDatagramSocket("a.sock");
        PassEnvironment(OurPid, "a");
        var activation = Create();

        Assert.True(activation.TryTakeByPath(Path.Join(_dir.Path, ".", "x", "..", "a.sock"), out var socket));
        socket.Dispose();
        Assert.Empty(activation.Untaken);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void TryTakeByPath_AbstractName_AdoptsIt()
    {
        var name = "@udg-test-" + Guid.NewGuid().ToString("N");
        using (var original = new UnixDatagramSocket())
        {
            original.Bind(name);
            _fds.Place(original.SafeHandle);
        }

        PassEnvironment(OurPid, "abstract");
        var activation = Create();

        Assert.False(activation.TryTakeByPath(name + "-other", out _));
        Assert.True(activation.TryTakeByPath(name, out var socket));
        using (socket)
        {
            Assert.Equal(UnixSocketAddress.Parse(name), socket.LocalAddress);
        }
    }

    [Fact]
    public void TryTakeByPath_OtherPath_ReturnsFalse()
    {
        PassDatagramSocket("a.sock");
        PassEnvironment(OurPid, "a");
        var activation = Create();

        Assert.False(activation.TryTakeByPath(_dir.File("b.sock"), out _));
        Assert.Single(activation.Untaken);
    }

    [Fact]
    public void TryTakeByName_StreamSocket_ThrowsNamingDescriptorNameAndKind()
    {
        PassDatagramSocket("ingest.sock");
        var streamPath = PassStreamSocket("web.sock");
        PassEnvironment(OurPid, "ingest:web");
        var activation = Create();

        var ex = Assert.Throws<InvalidOperationException>(() => activation.TryTakeByName("web", out _));

        Assert.Contains($"file descriptor {_fds.First + 1} named 'web'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"AF_UNIX SOCK_STREAM socket bound to {streamPath}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ListenDatagram=", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, activation.Untaken.Count);
    }

    [Fact]
    public void TryTakeByPath_PathOfStreamSocket_Throws()
    {
        var streamPath = PassStreamSocket("web.sock");
        PassEnvironment(OurPid, "web");
        var activation = Create();

        var ex = Assert.Throws<InvalidOperationException>(() => activation.TryTakeByPath(streamPath, out _));

        Assert.Contains("SOCK_STREAM", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryTakeByName_RegularFile_ThrowsSayingNotASocket()
    {
        var file = _dir.File("plain.txt");
        using (var handle = File.OpenHandle(file, FileMode.Create, FileAccess.ReadWrite))
        {
            _fds.Place(handle);
        }

        PassEnvironment(OurPid, "plain");
        var activation = Create();

        var ex = Assert.Throws<InvalidOperationException>(() => activation.TryTakeByName("plain", out _));

        Assert.Contains($"file descriptor {_fds.First} named 'plain', which is not a socket ({file})", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryTakeByName_DescriptorNotOpen_ThrowsSayingSo()
    {
        _fds.Skip();
        PassEnvironment(OurPid, "ghost");
        var activation = Create();

        var ex = Assert.Throws<InvalidOperationException>(() => activation.TryTakeByName("ghost", out _));

        Assert.Contains("not an open file descriptor", ex.Message, StringComparison.Ordinal);
    }
}
