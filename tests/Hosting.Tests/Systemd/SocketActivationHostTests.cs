using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnixDatagram.Handlers;
using UnixDatagram.Hosting.Systemd;
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
        _fds.PlaceBound(path).Dispose();

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

    [Fact]
    public async Task StopAsync_AdoptedSocket_KeepsAcceptingDatagramsForTheNextInstance()
    {
        var path = _dir.File("ingest.sock");

        // The test keeps its own descriptor of the socket, as systemd does of a .socket unit's.
        using var owner = _fds.PlaceBound(path);
        using var client = new UnixDatagramSocket();
        using (var first = BuildHost("ingest", "LISTEN_FDNAMES=ingest"))
        {
            var handler = (CapturingHandler)first.Services.GetRequiredKeyedService<IDatagramHandler>("capture");
            await first.StartAsync();
            Assert.Equal(SendStatus.Sent, client.SendTo("to the first instance"u8, path));
            Assert.Equal("to the first instance", await handler.NextAsync());
            await first.StopAsync();
        }

        // Between instances the socket must still take datagrams (no shutdown: senders would get EPIPE).
        Assert.Equal(SendStatus.Sent, client.SendTo("while no instance runs"u8, path));

        using var next = new FileDescriptorBlock();
        next.Place(owner.SafeHandle);
        using var second = BuildHost("ingest", next, null, "LISTEN_FDNAMES=ingest");
        var secondHandler = (CapturingHandler)second.Services.GetRequiredKeyedService<IDatagramHandler>("capture");
        await second.StartAsync();
        Assert.Equal("while no instance runs", await secondHandler.NextAsync());
        await second.StopAsync();
    }

    [Fact]
    public async Task StartAsync_AdoptedSocketOptions_LeftAsTheOwnerSetThem()
    {
        var path = _dir.File("ingest.sock");
        using var owner = new UnixDatagramSocket { DeleteSocketFileOnClose = false };
        owner.PassCredentials = true; // PassCredentials=yes in the .socket unit
        owner.Bind(path);
        var buffer = owner.ReceiveBufferSize;
        _fds.Place(owner.SafeHandle);

        // This endpoint wants no credentials and another buffer: neither may change a socket the next instance gets.
        using var host = BuildHost("ingest", _fds, e => e.ReceiveBufferSize = 4096, "LISTEN_FDNAMES=ingest");
        await host.StartAsync();
        await host.StopAsync();

        Assert.True(owner.PassCredentials, "SO_PASSCRED turned off on the passed socket");
        Assert.Equal(buffer, owner.ReceiveBufferSize);
        Assert.Contains(_logs.Entries, e => e.EventId == 1003 && e.Message.Contains("Daemon:Endpoints:0:ReceiveBufferSize (4096)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopAsync_DatagramsQueuedInAdoptedSocket_LeftUnreadAndCounted()
    {
        var path = _dir.File("ingest.sock");
        using var owner = _fds.PlaceBound(path);
        using var client = new UnixDatagramSocket();
        foreach (var text in new[] { "one", "two", "three", "four" })
        {
            Assert.Equal(SendStatus.Sent, client.SendTo(Encoding.UTF8.GetBytes(text), path));
        }

        // One datagram runs in the handler and one waits in the dispatch queue: the receive pool is then empty, so
        // "three" and "four" stay in the kernel queue when the stop comes.
        using var host = BuildHost("ingest", _fds, e =>
        {
            e.Handlers.Clear();
            e.Handlers.Add("gate");
            e.QueueCapacity = 1;
        }, "LISTEN_FDNAMES=ingest");
        var gate = (GateHandler)host.Services.GetRequiredKeyedService<IDatagramHandler>("gate");
        await host.StartAsync();
        await gate.WaitEnteredAsync(1).WaitAsync(TestWait.Timeout);
        var stopping = host.StopAsync();
        gate.Open();
        await stopping.WaitAsync(TestWait.Timeout);

        Assert.Equal(2, gate.Completed);
        Assert.Contains(_logs.Entries, e => e.EventId == 1108 && e.Message.Contains("left 2 datagram(s) queued", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.EventId is 1106 or 1114);

        // Still there, in order, for whoever reads the socket next.
        var buffer = new byte[64];
        Assert.True(owner.TryReceive(buffer, out var third));
        Assert.Equal("three", Encoding.UTF8.GetString(buffer, 0, third.Length));
        Assert.True(owner.TryReceive(buffer, out var fourth));
        Assert.Equal("four", Encoding.UTF8.GetString(buffer, 0, fourth.Length));
        Assert.False(owner.TryReceive(buffer, out _));
    }

    private IHost BuildHost(string fileDescriptorName, params string[] extraEnvironment) =>
        BuildHost(fileDescriptorName, _fds, null, extraEnvironment);

    private IHost BuildHost(string fileDescriptorName, FileDescriptorBlock fds, Action<DatagramEndpointOptions>? configure, params string[] extraEnvironment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LISTEN_PID"] = "4242",
            ["LISTEN_FDS"] = fds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var pair in extraEnvironment.Select(e => e.Split('=', 2)))
        {
            env[pair[0]] = pair[1];
        }

        var activation = new SystemdSocketActivation(4242, name => env.GetValueOrDefault(name), fds.First, null, _logs.CreateLogger("activation"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(_logs);
        builder.Services.AddSingleton(activation);
        builder.Services.AddDatagramDaemon(o =>
        {
            o.SocketDirectory = _dir.Path;
            // The test sends from this very process: without AcceptSelfSent the self-sent guard would keep credentials on and drop those datagrams.
            var endpoint = new DatagramEndpointOptions { Name = "ingest", FileDescriptorName = fileDescriptorName, PassCredentials = false, AcceptSelfSent = true };
            endpoint.Handlers.Add("capture");
            configure?.Invoke(endpoint);
            o.Endpoints.Add(endpoint);
        }).AddHandler<CapturingHandler>("capture").AddHandler<GateHandler>("gate");
        builder.Services.AddDatagramSystemd();
        return builder.Build();
    }
}
