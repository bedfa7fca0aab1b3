namespace UnixDatagram.Transport.Tests;

public sealed class UnixSocketFileStatusTests
{
    [Fact]
    public void GetSocketFileStatus_OwnFile_ReportsModeOwnerAndThisSocket()
    {
        using var dir = new TempDirectory();
        using var socket = new UnixDatagramSocket();
        socket.Bind(UnixSocketAddress.FromPath(dir.File("in.sock")), new UnixSocketFileOptions { Mode = (UnixFileMode)0x1A0, GroupId = 65534 }); // 0640

        var status = socket.GetSocketFileStatus();

        Assert.NotNull(status);
        Assert.Equal(dir.File("in.sock"), status.Path);
        Assert.Equal((UnixFileMode)0x1A0, status.Mode);
        Assert.Equal(UnixProcess.EffectiveUserId, status.UserId);
        Assert.Equal(65534u, status.GroupId);
        Assert.Equal("a socket", status.Kind);
        Assert.True(status.IsThisSocket);
    }

    [Fact]
    public void GetSocketFileStatus_FileReplacedByAnotherSocket_NotThisSocket()
    {
        using var dir = new TempDirectory();
        var path = dir.File("in.sock");
        using var first = TestSockets.Bound(path);
        File.Delete(path);
        using var second = TestSockets.Bound(path);

        Assert.False(first.GetSocketFileStatus()!.IsThisSocket);
        Assert.True(second.GetSocketFileStatus()!.IsThisSocket);
    }

    [Fact]
    public void GetSocketFileStatus_SymbolicLinkToItsOwnFile_NotThisSocket()
    {
        using var dir = new TempDirectory();
        var path = dir.File("in.sock");
        using var socket = TestSockets.Bound(path);
        File.Move(path, dir.File("moved.sock"));
        File.CreateSymbolicLink(path, dir.File("moved.sock"));

        var status = socket.GetSocketFileStatus();

        Assert.Equal("a symbolic link", status!.Kind);
        Assert.False(status.IsThisSocket);
    }

    [Fact]
    public void GetSocketFileStatus_NoFileOrNoPath_Null()
    {
        using var dir = new TempDirectory();
        using var removed = TestSockets.Bound(dir.File("in.sock"));
        File.Delete(dir.File("in.sock"));
        using var abstractName = TestSockets.Bound(UnixSocketAddress.FromAbstractName($"dgramd-status-{Environment.ProcessId}-{Guid.NewGuid():N}"));
        using var unbound = new UnixDatagramSocket();

        Assert.Null(removed.GetSocketFileStatus());
        Assert.Null(abstractName.GetSocketFileStatus());
        Assert.Null(unbound.GetSocketFileStatus());
    }
}
