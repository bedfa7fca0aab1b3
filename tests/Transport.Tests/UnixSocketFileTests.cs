namespace UnixDatagram.Transport.Tests;

public sealed class UnixSocketFileTests
{
    [Fact]
    public void Probe_TellsMissingLiveStaleAndOtherFiles()
    {
        using var dir = new TempDirectory();
        using var live = Bound(dir.File("live.sock"));
        LeaveStale(dir.File("stale.sock"));

        File.WriteAllText(dir.File("plain"), "x");
        File.CreateSymbolicLink(dir.File("link.sock"), dir.File("live.sock"));

        Assert.Equal(UnixSocketFileState.Missing, UnixSocketFile.Probe(dir.File("none.sock")));
        Assert.Equal(UnixSocketFileState.Live, UnixSocketFile.Probe(dir.File("live.sock")));
        Assert.Equal(UnixSocketFileState.Stale, UnixSocketFile.Probe(dir.File("stale.sock")));
        Assert.Equal(UnixSocketFileState.NotASocket, UnixSocketFile.Probe(dir.File("plain")));
        Assert.Equal(UnixSocketFileState.NotASocket, UnixSocketFile.Probe(dir.File("link.sock")));
    }

    [Fact]
    public void RemoveIfStale_RemovesOnlyTheStaleSocket()
    {
        using var dir = new TempDirectory();
        using var live = Bound(dir.File("live.sock"));
        LeaveStale(dir.File("stale.sock"));

        File.WriteAllText(dir.File("plain"), "x");

        Assert.Equal(UnixSocketFileState.Missing, UnixSocketFile.RemoveIfStale(dir.File("stale.sock")));
        Assert.Equal(UnixSocketFileState.Live, UnixSocketFile.RemoveIfStale(dir.File("live.sock")));
        Assert.Equal(UnixSocketFileState.NotASocket, UnixSocketFile.RemoveIfStale(dir.File("plain")));
        Assert.Equal(["live.sock", "plain"], dir.Entries().Order());
    }

    [Fact]
    public void IsHeld_AbstractName_TrueWhileItsSocketIsOpenFalseAfter()
    {
        var address = UnixSocketAddress.FromAbstractName($"dgramd-held-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var holder = Bound(address);
        var held = UnixSocketFile.IsHeld(address);
        ForkGate.Close(holder);

        Assert.True(held);
        Assert.False(UnixSocketFile.IsHeld(address));
        Assert.Throws<ArgumentException>(() => UnixSocketFile.IsHeld(UnixSocketAddress.FromPath("/tmp/x.sock")));
    }
}
