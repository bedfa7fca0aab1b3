using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Systemd;

/// <summary>
/// Socket activation through a real host built the way a third party builds one (<c>AddDatagramDaemon</c> +
/// <c>AddDatagramSystemd</c>): endpoints adopt the descriptors the test passes the way systemd does.
/// </summary>
public sealed class SocketActivationHostTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FileDescriptorBlock _fds = new();
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _fds.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task StartAsync_EndpointWithFileDescriptorName_ReceivesOnThePassedSocketAndLeavesItsFile()
    {
        var path = _dir.File("ingest.sock");
        using (var original = new UnixDatagramSocket { DeleteSocketFileOnClose = false })
        {
            original.Bind(path);
            _fds.Place(original.SafeHandle);
        }

        using var client = new UnixDatagramSocket();
        Assert.Equal(SendStatus.Sent, client.SendTo("sent before start"u8, path));
        using var host = BuildHost("ingest", "LISTEN_FDNAMES=ingest");
        var handler = (CapturingHandler)host.Services.GetRequiredKeyedService<IDatagramHandler>("capture");

        await host.StartAsync();
        Assert.Equal(SendStatus.Sent, client.SendTo("sent after start"u8, path));

        Assert.Equal("sent before start", await handler.NextAsync());
        Assert.Equal("sent after start", await handler.NextAsync());
        Assert.Empty(host.Services.GetRequiredService<SystemdSocketActivation>().Untaken);
        await host.StopAsync();
        Assert.True(File.Exists(path), "the .socket unit's file must outlive the daemon");
        Assert.DoesNotContain(_logs.Entries, e => e.EventId is 4003 or 4004);
    }

    [Fact]
    public async Task StartAsync_EndpointNamesStreamSocket_FailsNamingTheDescriptor()
    {
        using (var stream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stream.Bind(new UnixDomainSocketEndPoint(_dir.File("web.sock")));
            _fds.Place(stream.SafeHandle);
        }

        using var host = BuildHost("web", "LISTEN_FDNAMES=web");

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains($"file descriptor {_fds.First} named 'web', which is an AF_UNIX SOCK_STREAM socket", ex.ToString(), StringComparison.Ordinal);
    }

    private IHost BuildHost(string fileDescriptorName, params string[] extraEnvironment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LISTEN_PID"] = "4242",
            ["LISTEN_FDS"] = _fds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var pair in extraEnvironment.Select(e => e.Split('=', 2)))
        {
            env[pair[0]] = pair[1];
        }

        var activation = new SystemdSocketActivation(4242, name => env.GetValueOrDefault(name), _fds.First, null, _logs.CreateLogger("activation"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(_logs);
        builder.Services.AddSingleton(activation);
        builder.Services.AddDatagramDaemon(o =>
        {
            o.SocketDirectory = _dir.Path;
            var endpoint = new DatagramEndpointOptions { Name = "ingest", FileDescriptorName = fileDescriptorName, PassCredentials = false };
            endpoint.Handlers.Add("capture");
            o.Endpoints.Add(endpoint);
        }).AddHandler<CapturingHandler>("capture");
        builder.Services.AddDatagramSystemd();
        return builder.Build();
    }
}
