using System.Net.Sockets;

namespace UnixDatagram.Transport.Tests;

public sealed class UnixDatagramSocketBindTests
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0666 = Mode0600 | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    [Fact]
    public void Bind_Path_CreatesSocketFileAndRaisesListening()
    {
        using var dir = new TempDirectory();
        using var socket = new UnixDatagramSocket();
        var listening = 0;
        socket.Listening += (_, _) => listening++;

        socket.Bind(dir.File("s.sock"));

        Assert.Equal(1, listening);
        Assert.True(socket.IsBound);
        Assert.Equal(UnixSocketAddress.FromPath(dir.File("s.sock")), socket.LocalAddress);
        Assert.Equal(["s.sock"], dir.Entries());
    }

    [Theory]
    [MemberData(nameof(UnixSocketAddressTests.BadAddresses), MemberType = typeof(UnixSocketAddressTests))]
    public void Bind_BadAddress_ThrowsArgumentExceptionBeforeAnySystemCall(string address, string reason)
    {
        using var dir = new TempDirectory();
        using var socket = new UnixDatagramSocket();
        var errors = 0;
        socket.Error += (_, _) => errors++;

        var thrown = Assert.Throws<ArgumentException>(() => socket.Bind(address));

        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
        Assert.Equal(0, errors);
        Assert.False(socket.IsBound);
        Assert.Equal(UnixSocketAddress.Unnamed, socket.LocalAddress);
        socket.Bind(dir.File("after.sock"));
    }

    [Fact]
    public void Bind_MissingDirectory_SaysTheDirectoryDoesNotExist()
    {
        using var dir = new TempDirectory();
        var path = dir.File("nowhere/s.sock");
        using var socket = new UnixDatagramSocket();

        var thrown = Assert.Throws<UnixSocketException>(() => socket.Bind(path));

        Assert.Equal("ENOENT", thrown.ErrorName);
        Assert.Equal("bind", thrown.Operation);
        Assert.Contains($"the directory '{dir.File("nowhere")}' does not exist", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(path, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_PathOfLiveSocket_ThrowsEADDRINUSESayingAFileExists()
    {
        using var dir = new TempDirectory();
        using var first = new UnixDatagramSocket();
        first.Bind(dir.File("s.sock"));
        using var second = new UnixDatagramSocket();

        var thrown = Assert.Throws<UnixSocketException>(() => second.Bind(dir.File("s.sock")));

        Assert.Equal("EADDRINUSE", thrown.ErrorName);
        Assert.Equal(SocketError.AddressAlreadyInUse, thrown.SocketErrorCode);
        Assert.Contains("already exists", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(dir.File("s.sock"), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_PathOfRegularFile_ThrowsEADDRINUSEAndLeavesTheFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.sock"), "mine");
        using var socket = new UnixDatagramSocket();

        var thrown = Assert.Throws<UnixSocketException>(() => socket.Bind(dir.File("s.sock")));

        Assert.Equal("EADDRINUSE", thrown.ErrorName);
        socket.Close();
        Assert.Equal("mine", File.ReadAllText(dir.File("s.sock")));
    }

    [Fact]
    public void Bind_Twice_SaysTheSocketIsAlreadyBound()
    {
        using var dir = new TempDirectory();
        using var socket = new UnixDatagramSocket();
        socket.Bind(dir.File("a.sock"));

        var thrown = Assert.Throws<UnixSocketException>(() => socket.Bind(dir.File("b.sock")));

        Assert.Equal("EINVAL", thrown.ErrorName);
        Assert.Contains("already bound", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Mode0600)]
    [InlineData(Mode0666)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite)]
    public void Bind_WithMode_FileHasExactlyThatModeWhateverTheUmask(UnixFileMode mode)
    {
        using var dir = new TempDirectory();
        using var socket = new UnixDatagramSocket();

        socket.Bind(UnixSocketAddress.FromPath(dir.File("s.sock")), new UnixSocketFileOptions { Mode = mode });

        Assert.Equal(mode, File.GetUnixFileMode(dir.File("s.sock")));
        Assert.Equal(["s.sock"], dir.Entries());
    }

    [Fact]
    public async Task Bind_WithOwner_ChownsTheFile()
    {
        using var dir = new TempDirectory();
        using var socket = new UnixDatagramSocket();

        socket.Bind(UnixSocketAddress.FromPath(dir.File("s.sock")), new UnixSocketFileOptions { UserId = ExternalProcess.Nobody, GroupId = ExternalProcess.Nobody, Mode = Mode0600 });

        var stat = await ExternalProcess.RunAsync("stat", "-c", "%u %g %a %F", dir.File("s.sock"));
        Assert.Equal(0, stat.ExitCode);
        Assert.Equal("65534 65534 600 socket", stat.StandardOutput.Trim());
        Assert.Equal(Mode0600, File.GetUnixFileMode(dir.File("s.sock")));
    }

    /// <summary>A socket bound under a temporary name and renamed would be known to peers by the temporary name.</summary>
    [Fact]
    public async Task Bind_WithMode_PeersSeeAndReachTheRealPath()
    {
        using var dir = new TempDirectory();
        using var server = new UnixDatagramSocket();
        server.Bind(dir.File("server.sock"));
        using var client = new UnixDatagramSocket();
        client.Bind(UnixSocketAddress.FromPath(dir.File("client.sock")), new UnixSocketFileOptions { Mode = Mode0600 });

        client.SendTo("hello"u8, dir.File("server.sock"));
        var buffer = new byte[16];
        var request = await server.ReceiveAsync(buffer).Within();
        server.SendTo("back"u8, request.Sender);
        var reply = await client.ReceiveAsync(buffer).Within();

        Assert.Equal(UnixSocketAddress.FromPath(dir.File("client.sock")), client.LocalAddress);
        Assert.Equal(UnixSocketAddress.FromPath(dir.File("client.sock")), request.Sender);
        Assert.Equal(4, reply.Length);
    }
}
