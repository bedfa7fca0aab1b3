namespace UnixDatagram.Hosting.Tests.App;

/// <summary>Endpoints at abstract names through the real executable: refused unless chosen, and never shown with a mode.</summary>
public sealed class AbstractEndpointExecutableTests
{
    [Fact]
    public async Task Run_AbstractEndpointWithMode_Exits78NamingPathAndMode()
    {
        using var dir = new TempDirectory();
        var name = "@dgramd-test-" + Guid.NewGuid().ToString("N");

        var (code, daemon) = await DaemonProcess.RunAsync(
            ["run", "--Daemon:SocketDirectory=" + dir.Path, "--Daemon:Endpoints:0:Path=" + name, "--Daemon:Endpoints:0:Mode=0600"],
            new Dictionary<string, string> { ["HOME"] = dir.Path });

        Assert.Equal(78, code);
        Assert.Contains($"Daemon:Endpoints:0:Path: endpoint 'ingest': '{name}' is an abstract name, which has no owner or permissions", daemon.StandardError, StringComparison.Ordinal);
        Assert.Contains("set Daemon:Endpoints:0:AllowAbstractName to true", daemon.StandardError, StringComparison.Ordinal);
        Assert.Contains($"Daemon:Endpoints:0:Mode: endpoint 'ingest': '0600' cannot apply to '{name}': an abstract name has no file; use AllowedUserIds/AllowedGroupIds", daemon.StandardError, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public async Task Listen_AbstractName_ReceivesAndTheBindLineShowsNoMode()
    {
        var name = "@dgramd-test-" + Guid.NewGuid().ToString("N");
        await using var listen = DaemonProcess.Start(["listen", name, "--count", "1"]);

        var bound = await listen.WaitForLineAsync("bound to " + name);
        await ExternalProcess.RunCheckedAsync(ExternalProcess.Python, "-c", $"import socket; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'hello', '\\0{name[1..]}')");

        Assert.Equal(0, await listen.WaitForExitAsync());
        Assert.DoesNotContain("(mode", bound, StringComparison.Ordinal);
        Assert.Contains("an abstract name: no file, no mode", bound, StringComparison.Ordinal);
        Assert.Equal("(unnamed): hello", listen.StandardOutput.Trim());
    }

    [Fact]
    public async Task Run_SystemdPassesAnAbstractSocket_RefusedWithoutAllowAbstractName()
    {
        using var dir = new TempDirectory();
        var name = "@dgramd-test-" + Guid.NewGuid().ToString("N");
        await using var daemon = DaemonProcess.StartSocketActivated(
            dir, name, "ingest", ["run", "--Daemon:ControlPath=", "--Daemon:Endpoints:0:FileDescriptorName=ingest", "--Daemon:Endpoints:0:Path="]);

        await daemon.WaitForLineAsync("Listening on " + name);
        await ExternalProcess.RunCheckedAsync(ExternalProcess.Python, "-c", $"import socket; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'wake', '\\0{name[1..]}')");

        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        var error = daemon.StandardOutput + daemon.StandardError;
        Assert.Contains($"Daemon:Endpoints:0:FileDescriptorName: endpoint 'ingest' (the socket systemd passed as 'ingest'): {name} is an abstract name", error, StringComparison.Ordinal);
        Assert.Contains("Give the .socket unit's ListenDatagram= a path", error, StringComparison.Ordinal);
        Assert.Contains("set Daemon:Endpoints:0:AllowAbstractName to true", error, StringComparison.Ordinal);
    }
}
