using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Tests.Systemd;

/// <content>What construction does with the environment and the descriptors, and the report of what was left.</content>
public sealed partial class SystemdSocketActivationTests
{
    [Fact]
    public void Constructor_PassedDescriptors_AreMarkedCloseOnExec()
    {
        var path = PassDatagramSocket("ingest.sock");
        PassStreamSocket("web.sock");
        PassEnvironment(OurPid, "ingest:web");
        Assert.False(DescriptorCalls.IsCloseOnExec(_fds.First), "dup2 clears close-on-exec, as systemd passes descriptors");
        Assert.False(DescriptorCalls.IsCloseOnExec(_fds.First + 1));

        _ = Create();

        Assert.True(DescriptorCalls.IsCloseOnExec(_fds.First));
        Assert.True(DescriptorCalls.IsCloseOnExec(_fds.First + 1));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Constructor_MixedDescriptors_DescribesEachInOrder()
    {
        var dgram = PassDatagramSocket("ingest.sock");
        var stream = PassStreamSocket("web.sock");
        PassEnvironment(OurPid, "ingest:web");

        var untaken = Create().Untaken;

        Assert.Collection(
            untaken,
            fd =>
            {
                Assert.Equal((_fds.First, "ingest", true), (fd.FileDescriptor, fd.Name, fd.IsDatagramSocket));
                Assert.Equal($"an AF_UNIX SOCK_DGRAM socket bound to {dgram}", fd.Description);
            },
            fd =>
            {
                Assert.Equal((_fds.First + 1, "web", false), (fd.FileDescriptor, fd.Name, fd.IsDatagramSocket));
                Assert.Equal($"an AF_UNIX SOCK_STREAM socket bound to {stream}", fd.Description);
            });
    }

    [Fact]
    public void Constructor_AnyListenVariables_UnsetsAllThatArePresent()
    {
        PassDatagramSocket("ingest.sock");
        PassEnvironment(OurPid, "ingest");

        _ = Create();

        Assert.Equal(["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"], _unset);
    }

    [Fact]
    public void Constructor_ListenPidOfAnotherProcess_AdoptsNothingButStillUnsets()
    {
        PassDatagramSocket("ingest.sock");
        PassEnvironment(OurPid + 1, "ingest");

        var activation = Create();

        Assert.Empty(activation.Untaken);
        Assert.False(activation.TryTakeByName("ingest", out _));
        Assert.False(DescriptorCalls.IsCloseOnExec(_fds.First), "descriptors meant for another process are not touched");
        Assert.Equal(["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"], _unset);
    }

    [Fact]
    public void Constructor_NoListenVariables_NothingPassedNothingUnset()
    {
        var activation = Create();

        Assert.Empty(activation.Untaken);
        Assert.Empty(_unset);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void Constructor_NoFdNames_NamesAreUnknown()
    {
        PassDatagramSocket("a.sock");
        PassEnvironment(OurPid, names: null, count: 1);

        var activation = Create();

        Assert.True(activation.TryTakeByName("unknown", out var socket));
        socket.Dispose();
    }

    [Fact]
    public void ReportUntaken_UnclaimedDatagramAndStreamSockets_WarnsAboutEach()
    {
        var dgram = PassDatagramSocket("ingest.sock");
        PassStreamSocket("web.sock");
        PassEnvironment(OurPid, "ingest:web");
        var activation = Create();

        activation.ReportUntaken();

        var unclaimed = Assert.Single(_logs.Entries, e => e.EventId == 4003);
        Assert.Equal(LogLevel.Warning, unclaimed.Level);
        Assert.Contains($"{dgram} as file descriptor {_fds.First} named 'ingest'", unclaimed.Message, StringComparison.Ordinal);
        var unusable = Assert.Single(_logs.Entries, e => e.EventId == 4004);
        Assert.Contains("'web', which is an AF_UNIX SOCK_STREAM socket", unusable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportUntaken_AllTaken_LogsNothing()
    {
        PassDatagramSocket("ingest.sock");
        PassEnvironment(OurPid, "ingest");
        var activation = Create();
        Assert.True(activation.TryTakeByName("ingest", out var socket));
        socket.Dispose();

        activation.ReportUntaken();

        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
    }
}
