using static UnixDatagram.TestSupport.ShippedUnits;

namespace UnixDatagram.Hosting.Tests.Deploy;

/// <summary>
/// The shipped units, checked by systemd itself: <c>systemd-analyze verify</c> works offline on unit files, as long as
/// <c>ExecStart=</c> names an executable, so the tests copy the units and point it at /bin/true.
/// </summary>
public sealed class DeployUnitsTests
{
    [Fact]
    public async Task Verify_ShippedUnits_SystemdAnalyzeFindsNothing()
    {
        using var dir = new TempDirectory();
        var (service, socket) = CopyUnits(dir);

        using var verify = await ChildProcess.RunAsync("systemd-analyze", ["verify", "--man=no", socket, service]);

        Assert.True(verify.ExitCode == 0 && verify.StandardError.Length == 0 && verify.StandardOutput.Length == 0, $"exit {verify.ExitCode}: {verify.StandardError}{verify.StandardOutput}");
    }

    [Fact]
    public async Task Verify_BrokenCopy_SystemdAnalyzeComplains()
    {
        // Proves the check above can fail: the same units with one bad value and one unknown key.
        using var dir = new TempDirectory();
        var (service, socket) = CopyUnits(dir);
        File.WriteAllText(service, File.ReadAllText(service).Replace("WatchdogSec=30", "WatchdogSec=thirty\nWatchdogSeconds=30", StringComparison.Ordinal));

        using var verify = await ChildProcess.RunAsync("systemd-analyze", ["verify", "--man=no", socket, service]);

        Assert.Contains("WatchdogSec", verify.StandardError, StringComparison.Ordinal);
        Assert.Contains("Unknown key", verify.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Security_ShippedService_ExposureAtMostTwo()
    {
        using var dir = new TempDirectory();
        var (service, _) = CopyUnits(dir);

        using var security = await ChildProcess.RunAsync("systemd-analyze", ["security", "--offline=yes", "--threshold=20", "--no-pager", service]);

        Assert.True(security.ExitCode == 0, $"exit {security.ExitCode}: {security.StandardError}{security.StandardOutput}");
        Assert.Contains("Overall exposure level for dgramd.service:", security.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Units_ListenDatagram_IsOutsideTheServiceRuntimeDirectory()
    {
        // systemd deletes RuntimeDirectory= when the service stops: a socket file there would vanish while the
        // .socket unit still listens.
        var service = File.ReadAllLines(RepositoryPaths.File("deploy", "systemd", "dgramd.service"));
        var socket = File.ReadAllLines(RepositoryPaths.File("deploy", "systemd", "dgramd.socket"));
        var runtimeDirectory = "/run/" + Value(service, "RuntimeDirectory") + "/";
        var listen = Value(socket, "ListenDatagram");

        Assert.StartsWith("/run/", listen, StringComparison.Ordinal);
        Assert.False(listen.StartsWith(runtimeDirectory, StringComparison.Ordinal), $"{listen} is inside {runtimeDirectory}");
        Assert.Equal("ingest", Value(socket, "FileDescriptorName"));
        Assert.Equal("dgramd.service", Value(socket, "Service"));
        Assert.Equal(InstalledBinary + " run", Value(service, "ExecStart"));
        Assert.Equal(InstalledBinary + " reload", Value(service, "ExecReload"));

        // A dynamic user of the product's own name: without User=, systemd would run the service as a static user of
        // the unit's name if one existed (as Debian's 'daemon' did), and DynamicUser= would do nothing.
        Assert.Equal("dgramd", Value(service, "User"));
        Assert.Equal("yes", Value(service, "DynamicUser"));
        Assert.Equal("dgramd", Value(service, "ConfigurationDirectory"));

        // .NET handles SIGABRT, systemd's default watchdog signal; a wedged process must die at once.
        Assert.Equal("SIGKILL", Value(service, "WatchdogSignal"));
        Assert.Contains(InstalledBinary, File.ReadAllText(RepositoryPaths.File("deploy", "systemd", "README.md")), StringComparison.Ordinal);
    }

    private static (string Service, string Socket) CopyUnits(TempDirectory dir)
    {
        var service = dir.File("dgramd.service");
        var socket = dir.File("dgramd.socket");
        var text = File.ReadAllText(RepositoryPaths.File("deploy", "systemd", "dgramd.service"));
        Assert.Contains($"ExecStart={InstalledBinary} ", text, StringComparison.Ordinal);
        Assert.Contains($"ExecReload={InstalledBinary} ", text, StringComparison.Ordinal);
        File.WriteAllText(service, text
            .Replace($"ExecStart={InstalledBinary} ", "ExecStart=/bin/true ", StringComparison.Ordinal)
            .Replace($"ExecReload={InstalledBinary} ", "ExecReload=/bin/true ", StringComparison.Ordinal));
        File.Copy(RepositoryPaths.File("deploy", "systemd", "dgramd.socket"), socket);
        return (service, socket);
    }
}
