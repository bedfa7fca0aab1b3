using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>A reload that renames the endpoint holding a socket systemd passed: refused, naming the endpoint that holds it.</summary>
public sealed class ReloadRenameExecutableTests
{
    private const string Configuration = """
        { "Daemon": { "ControlPath": "", "Endpoints": [ { "Name": "NAME", "FileDescriptorName": "ingest", "Handlers": [ "log" ] } ] } }
        """;

    [Fact]
    public async Task Sighup_EndpointOfAPassedSocketRenamed_RefusedNamingThisDaemonsEndpointAndItServesOn()
    {
        using var dir = new TempDirectory();
        using var etc = new TempDirectory();
        var (ingest, config) = (dir.File("ingest.sock"), etc.File("appsettings.json"));
        await using var daemon = await StartedAsync(dir, etc, fileMode: null);

        await File.WriteAllTextAsync(config, Configuration.Replace("NAME", "ingest2", StringComparison.Ordinal));
        daemon.Signal(SigHup);
        var failed = await daemon.WaitForLineAsync("Reload failed");

        Assert.Contains(
            "Daemon:Endpoints:0:FileDescriptorName: endpoint 'ingest2': the socket systemd passed as 'ingest' is held by this daemon's own endpoint 'ingest', which the new configuration removes or renames. A reload never hands a socket from one endpoint to another, so renaming an endpoint that keeps its FileDescriptorName (or swapping two endpoints' addresses) needs a restart; the running configuration keeps serving.",
            failed,
            StringComparison.Ordinal);
        Send(ingest, "after the refused reload");
        Assert.Contains("Datagram on ingest from", await daemon.WaitForLineAsync("after the refused reload"), StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Sighup_ModeOfAPassedSocketNarrowedBelowItsFile_RefusedAsStartWouldBeAndItServesOn()
    {
        using var dir = new TempDirectory();
        using var etc = new TempDirectory();
        var (ingest, config) = (dir.File("ingest.sock"), etc.File("appsettings.json"));
        await using var daemon = await StartedAsync(dir, etc, fileMode: (UnixFileMode)Convert.ToInt32("666", 8));

        await File.WriteAllTextAsync(config, Configuration.Replace("\"Name\": \"NAME\"", "\"Name\": \"ingest\", \"Mode\": \"0600\"", StringComparison.Ordinal));
        daemon.Signal(SigHup);
        var failed = await daemon.WaitForLineAsync("Reload failed");

        Assert.Contains("Daemon:Endpoints:0:Mode: endpoint 'ingest' adopted the socket systemd passed, whose file", failed, StringComparison.Ordinal);
        Assert.Contains("Mode is 0600, but the file grants write permission 0022 beyond it", failed, StringComparison.Ordinal);
        Send(ingest, "after the refused reload");
        await daemon.WaitForLineAsync("after the refused reload");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    /// <summary>
    /// The daemon under systemd-socket-activate with endpoint 'ingest' on the passed socket (its file given
    /// <paramref name="fileMode"/>, as SocketMode= would), woken and started.
    /// </summary>
    private static async Task<ChildProcess> StartedAsync(TempDirectory dir, TempDirectory etc, UnixFileMode? fileMode)
    {
        await File.WriteAllTextAsync(etc.File("appsettings.json"), Configuration.Replace("NAME", "ingest", StringComparison.Ordinal));
        var daemon = await DaemonProcess.ActivateAsync(dir, dir.File("ingest.sock"), "ingest", ["run"], fileMode, "CONFIGURATION_DIRECTORY=" + etc.Path);
        try
        {
            await daemon.WaitForLineAsync("wake");

            // SIGHUP is handled once the host has started (until then it ends the process, as for most daemons).
            await daemon.WaitForLineAsync("Application started");
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    private static void Send(string path, string text)
    {
        using var client = new UnixDatagramSocket();
        Assert.Equal(SendStatus.Sent, client.SendTo(Encoding.UTF8.GetBytes(text), path));
    }
}
