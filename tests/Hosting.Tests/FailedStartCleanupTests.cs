using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using UnixDatagram.Hosting.Tests.Options;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Fail closed, kind 5: nothing half-starts. Whatever a failed start created (sockets, directories), it removes.</summary>
public sealed class FailedStartCleanupTests
{
    [Fact]
    public async Task Run_RegularFileAtControlPath_RemovesEndpointSocketsAndKeepsTheFile()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("control.sock"), "precious");

        var (code, daemon) = await DaemonProcess.RunAsync(["run"], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });

        Assert.NotEqual(0, code);
        Assert.Contains("Daemon:ControlPath", daemon.StandardError, StringComparison.Ordinal);
        Assert.Equal([dir.File("control.sock")], Directory.GetFileSystemEntries(dir.Path));
        Assert.Equal("precious", await File.ReadAllTextAsync(dir.File("control.sock")));
    }

    [Fact]
    public async Task Run_LateEndpointFailure_RemovesTheSocketDirectoryItCreated()
    {
        using var shared = Attacker.SharedTemp();
        var blocker = shared.File("blocker");
        await File.WriteAllTextAsync(blocker, "precious");

        var (code, daemon) = await DaemonProcess.RunAsync(["run", "--Daemon:Endpoints:1:Path=" + blocker], SocketDirectoryTests.FallbackEnvironment(shared.Path));

        Assert.NotEqual(0, code);
        Assert.Contains("is not a socket", daemon.StandardError, StringComparison.Ordinal);
        Assert.Equal([blocker], Directory.GetFileSystemEntries(shared.Path));
    }

    [Fact]
    public async Task StartAsync_LaterHostedServiceFails_RemovesEndpointAndControlSockets()
    {
        using var dir = new TempDirectory();
        var settings = EndpointConfig.Merge(
            EndpointConfig.Endpoint(0, "one", "one.sock", ["log"]),
            EndpointConfig.Endpoint(1, "two", "two.sock", ["log"]),
            new Dictionary<string, string?> { ["Daemon:ControlPath"] = "control.sock" });
        var host = DaemonHost.Build(dir.Path, settings, services: s => s.AddHostedService<FailingService>());
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().Within());
            Assert.Equal(FailingService.Message, error.Message);
            Assert.True(File.Exists(dir.File("control.sock")), "the control socket was bound before the failure");
        }
        finally
        {
            host.Dispose();
        }

        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    /// <summary>A third party's service that fails its start, after the daemon's have bound their sockets.</summary>
    private sealed class FailingService : IHostedService
    {
        public const string Message = "this service cannot start";

        public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException(Message);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
