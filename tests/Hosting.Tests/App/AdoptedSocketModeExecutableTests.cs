using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// An endpoint's Mode, UserId and GroupId against the file of a socket systemd passes (here systemd's own
/// socket-activation tool, with the file's mode and owner set as a .socket unit's SocketMode=/SocketUser=/SocketGroup= would).
/// </summary>
public sealed class AdoptedSocketModeExecutableTests
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0660 = Mode0600 | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
    private const UnixFileMode Mode0666 = Mode0660 | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    [Fact]
    public async Task Run_PassedFileGrantsMoreThanMode_RefusesStartNamingKeyFileAndUnit()
    {
        using var dir = new TempDirectory();
        var ingest = dir.File("ingest.sock");

        await using var daemon = await ActivateAsync(dir, Mode0666, "--Daemon:Endpoints:0:Mode=0600");

        Assert.Equal(1, await daemon.WaitForExitAsync());
        var error = daemon.StandardOutput + daemon.StandardError;
        Assert.Contains($"Daemon:Endpoints:0:Mode: endpoint 'ingest' adopted the socket systemd passed, whose file '{ingest}' has mode 0666, owner uid 0, group gid 0: Mode is 0600, but the file grants write permission 0022 beyond it, so users the configuration keeps out can send.", error, StringComparison.Ordinal);
        Assert.Contains("Set SocketMode=0600 in the .socket unit, or remove Mode from the endpoint.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wake", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PassedFileOfAnotherOwnerAndGroup_RefusesStartNamingUserIdAndGroupId()
    {
        using var dir = new TempDirectory();

        await using var daemon = await ActivateAsync(dir, Mode0600, "--Daemon:Endpoints:0:UserId=65534", "--Daemon:Endpoints:0:GroupId=65534");

        Assert.Equal(1, await daemon.WaitForExitAsync());
        var error = daemon.StandardOutput + daemon.StandardError;
        Assert.Contains("Daemon:Endpoints:0:UserId, Daemon:Endpoints:0:GroupId: endpoint 'ingest' adopted the socket systemd passed", error, StringComparison.Ordinal);
        Assert.Contains("has mode 0600, owner uid 0, group gid 0: UserId is 65534, but the file belongs to uid 0; GroupId is 65534, but the file's group is gid 0.", error, StringComparison.Ordinal);
        Assert.Contains("Set SocketUser= to uid 65534, SocketGroup= to gid 65534 in the .socket unit, or remove UserId, GroupId from the endpoint.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PassedFileMatchesMode_StartsAndHandlesWithoutWarning()
    {
        using var dir = new TempDirectory();

        await using var daemon = await ActivateAsync(dir, Mode0600, "--Daemon:Endpoints:0:Mode=0600");

        await daemon.WaitForLineAsync("wake");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.DoesNotContain("narrower than", daemon.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot start", daemon.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PassedFileNarrowerThanMode_StartsAndWarnsWhomTheKernelRefuses()
    {
        using var dir = new TempDirectory();
        var ingest = dir.File("ingest.sock");

        await using var daemon = await ActivateAsync(dir, Mode0600, "--Daemon:Endpoints:0:Mode=0660");

        var warning = await daemon.WaitForLineAsync("narrower than");
        await daemon.WaitForLineAsync("wake");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Contains($"Endpoint 'ingest' adopted the socket systemd passed, whose file {ingest} has mode 0600, narrower than Daemon:Endpoints:0:Mode 0660: senders whom only 0020 would admit are refused by the kernel (EACCES)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PassedSocketsPathNowHoldsAnotherSocket_StartsAndWarnsInsteadOfJudgingThatFile()
    {
        using var dir = new TempDirectory();
        var ingest = dir.File("ingest.sock");
        var moved = dir.File("moved.sock");

        await using var daemon = DaemonProcess.StartSocketActivated(dir, ingest, "ingest", Arguments("--Daemon:Endpoints:0:Mode=0600"));
        await daemon.WaitForLineAsync("Listening on " + ingest);

        // The passed socket's file moves away and another socket (0666, far beyond Mode) takes the path: what is at the
        // path is not the passed socket, so its mode says nothing about who reaches the endpoint.
        File.Move(ingest, moved);
        using var other = new UnixDatagramSocket();
        other.Bind(UnixSocketAddress.FromPath(ingest), new UnixSocketFileOptions { Mode = Mode0666 });
        Send(moved, "wake");

        var warning = await daemon.WaitForLineAsync("adopted the socket systemd passed at");
        await daemon.WaitForLineAsync("wake");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Contains("but a socket that is not this socket is there: whoever sends to that path does not reach this endpoint", warning, StringComparison.Ordinal);
    }

    private static string[] Arguments(params string[] extra) =>
        ["run", "--Daemon:ControlPath=", "--Daemon:Endpoints:0:FileDescriptorName=ingest", .. extra];

    /// <summary>Starts the daemon under systemd-socket-activate, gives the socket file <paramref name="mode"/> (as SocketMode= would) and wakes it.</summary>
    private static Task<ChildProcess> ActivateAsync(TempDirectory dir, UnixFileMode mode, params string[] extra) =>
        DaemonProcess.ActivateAsync(dir, dir.File("ingest.sock"), "ingest", Arguments(extra), mode);

    private static void Send(string path, string text)
    {
        using var client = new UnixDatagramSocket();
        Assert.Equal(SendStatus.Sent, client.SendTo(Encoding.UTF8.GetBytes(text), path));
    }
}
