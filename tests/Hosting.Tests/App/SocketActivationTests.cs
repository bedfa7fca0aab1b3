using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>The daemon started by systemd's own socket-activation tool, with a notify socket standing in for systemd.</summary>
public sealed class SocketActivationTests
{
    [Fact]
    public async Task Run_UnderSystemdSocketActivate_AdoptsSocketSendsStatusAndLeavesTheFile()
    {
        using var dir = new TempDirectory();
        var ingest = dir.File("ingest.sock");
        using var notify = TestSockets.Bound(dir.File("notify.sock"));

        await using var daemon = DaemonProcess.StartSocketActivated(
            dir,
            ingest,
            "ingest",
            ["run", "--Daemon:Endpoints:0:FileDescriptorName=ingest", "--Daemon:Endpoints:0:Path=", "--Daemon:ControlPath="],
            "NOTIFY_SOCKET=" + dir.File("notify.sock"));

        // Like a .socket unit, the tool binds first and starts the service on the first datagram, which then waits
        // in the socket's queue for the daemon.
        await daemon.WaitForLineAsync("Listening on " + ingest);
        var marker = Guid.NewGuid().ToString("N");
        using (var client = new UnixDatagramSocket())
        {
            client.Connect(ingest);
            Assert.Equal(SendStatus.Sent, client.Send(Encoding.UTF8.GetBytes("activated " + marker)));
        }

        await daemon.WaitForLineAsync("adopted the socket systemd passed as 'ingest'");
        await daemon.WaitForLineAsync("activated " + marker);

        // The status line comes every few seconds through NOTIFY_SOCKET, as systemctl status would show it.
        var buffer = new byte[1024];
        string status;
        do
        {
            var received = await notify.ReceiveAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            status = Encoding.UTF8.GetString(buffer, 0, received.Length);
        }
        while (!status.StartsWith("STATUS=", StringComparison.Ordinal));
        Assert.Contains("2 endpoints", status, StringComparison.Ordinal); // ingest (adopted) and syslog (bound) from appsettings.json
        Assert.Contains("1 received", status, StringComparison.Ordinal);

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());

        // The socket belongs to the .socket unit (here, the activation tool): never unlinked by the daemon.
        Assert.True(File.Exists(ingest));
    }
}
