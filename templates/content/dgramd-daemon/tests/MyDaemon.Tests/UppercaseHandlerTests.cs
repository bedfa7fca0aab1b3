using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using UnixDatagram.Handlers;
using UnixDatagram.Hosting;
using UnixDatagram.Transport;
using Xunit;

namespace MyDaemon.Tests;

public sealed class UppercaseHandlerTests
{
    [Fact]
    public async Task HandleAsync_BoundSender_GetsTheTextInUpperCase()
    {
        // A real host on a real socket in a private directory, removed at the end.
        var directory = Directory.CreateTempSubdirectory("mydaemon-test-");
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Daemon:SocketDirectory"] = directory.FullName,
                ["Daemon:Endpoints:0:Name"] = "upper",
                ["Daemon:Endpoints:0:Path"] = "upper.sock",
                ["Daemon:Endpoints:0:Handlers:0"] = "upper",

                // The client below is this test process, which is also the daemon's: an endpoint handles datagrams
                // from its own process only when told to (so that a daemon never feeds on its own output).
                ["Daemon:Endpoints:0:AcceptSelfSent"] = "true",
            });
            builder.Services.AddDatagramDaemon().AddHandler<UppercaseHandler>("upper");
            using var host = builder.Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StartAsync(timeout.Token);

            // The client binds an abstract name, so the daemon can answer it.
            using var client = new UnixDatagramSocket();
            client.Bind(UnixSocketAddress.FromAbstractName("mydaemon-test-" + Guid.NewGuid().ToString("N")));
            client.Connect(UnixSocketAddress.Parse(Path.Join(directory.FullName, "upper.sock")));
            await client.SendAsync("hello"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var reply = await client.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal("HELLO", System.Text.Encoding.UTF8.GetString(buffer, 0, reply.Length));

            await host.StopAsync(timeout.Token);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task HandleAsync_UnnamedSender_CountedAsUnanswered()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var handler = new UppercaseHandler("upper", NullLogger<UppercaseHandler>.Instance, services.GetRequiredService<IMeterFactory>());

        // A context without a sender address: a client whose socket never bound.
        await handler.HandleAsync(new DatagramContext("upper", "hello"u8.ToArray()), CancellationToken.None);

        Assert.Equal(1, handler.Unanswered);
    }
}
