using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// A socket passed without <c>SO_PASSCRED</c> (<c>systemd-socket-activate</c>, or a <c>.socket</c> unit without
/// <c>PassCredentials=yes</c>): the datagram that started the daemon has no credentials, and must be treated as such,
/// never as the kernel's placeholder uid 65534.
/// </summary>
public sealed class CredentialsUnknownTests
{
    [Fact]
    public async Task Run_SocketPassedWithoutPassCred_WarnsAndAllowListRejectsActivatingDatagramAsCredentialsUnknown()
    {
        using var dir = new TempDirectory();
        var ingest = dir.File("ingest.sock");
        await using var daemon = DaemonProcess.StartSocketActivated(
            dir,
            ingest,
            "ingest",
            ["run", "--Daemon:Endpoints:0:FileDescriptorName=ingest", "--Daemon:Endpoints:0:Path=", "--Daemon:Endpoints:0:AllowedUserIds:0=0", "--Daemon:ControlPath="]);
        await daemon.WaitForLineAsync("Listening on " + ingest);
        var marker = Guid.NewGuid().ToString("N");
        using var client = TestSockets.Connected(ingest);
        Assert.Equal(SendStatus.Sent, client.Send(Encoding.UTF8.GetBytes("activated " + marker)));

        var warning = await daemon.WaitForLineAsync("without SO_PASSCRED");
        Assert.Contains("'ingest'", warning, StringComparison.Ordinal);
        var rejected = await daemon.WaitForLineAsync("rejected a datagram");
        Assert.Contains("credentials unknown", rejected, StringComparison.Ordinal);
        Assert.DoesNotContain("65534", rejected, StringComparison.Ordinal);

        // Sent after adoption, with SO_PASSCRED on: the kernel vouches for root, which the list allows.
        Assert.Equal(SendStatus.Sent, client.Send(Encoding.UTF8.GetBytes("after " + marker)));
        var handled = await daemon.WaitForLineAsync("after " + marker);
        Assert.Contains("uid=0", handled, StringComparison.Ordinal);

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.DoesNotContain("activated " + marker, daemon.StandardError, StringComparison.Ordinal);
    }
}
