using System.Text;
using Microsoft.Extensions.Logging;
using UnixDatagram.Transport;

namespace UnixDatagram.Handlers.Tests;

public sealed class EchoHandlerTests
{
    private readonly RecordingLoggerProvider _logs = new();

    [Theory]
    [InlineData("path")]
    [InlineData("abstract")]
    public async Task HandleAsync_AddressableSender_ReceivesPayloadBack(string kind)
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "echo");
        using var client = new UnixDatagramSocket();
        var clientAddress = kind == "path" ? dir.File("client.sock") : "@udg-echo-test-" + Guid.NewGuid().ToString("N");
        client.Bind(clientAddress);
        client.Connect(endpoint.Path);
        await client.SendAsync(Encoding.UTF8.GetBytes("ping wörld"));
        var context = await endpoint.ReceiveAsync();
        var handler = new EchoHandler(_logs.CreateLogger<EchoHandler>());

        await handler.HandleAsync(context, CancellationToken.None).AsTask().WaitAsync(TestWait.Timeout);

        var buffer = new byte[64];
        var reply = await client.ReceiveAsync(buffer).AsTask().WaitAsync(TestWait.Timeout);
        Assert.Equal("ping wörld", Encoding.UTF8.GetString(buffer, 0, reply.Length));
        Assert.Equal(UnixSocketAddress.Parse(endpoint.Path), reply.Sender);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task HandleAsync_UnnamedSender_LogsWarningAndDoesNotThrow()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "echo");
        var context = await endpoint.SendAndReceiveAsync("ping"u8.ToArray());
        var handler = new EchoHandler(_logs.CreateLogger<EchoHandler>());

        var handling = handler.HandleAsync(context, CancellationToken.None);

        Assert.True(handling.IsCompletedSuccessfully);
        var entry = _logs.Single(2010);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("echo", entry["Endpoint"]);
        Assert.Equal(4, entry["Length"]);
        Assert.Contains("sender is unnamed", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_NoReplySocket_LogsWarning()
    {
        var context = new DatagramContext("echo", "x"u8.ToArray(), UnixSocketAddress.Parse("/tmp/nowhere.sock"));
        var handler = new EchoHandler(_logs.CreateLogger<EchoHandler>());

        await handler.HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2011);
        Assert.Equal("/tmp/nowhere.sock", entry["Sender"]);
    }

    [Fact]
    public async Task HandleAsync_ManyFromUnnamedSenders_OneWarningPerIntervalWithTheCountHeldBack()
    {
        const int count = 50;
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "echo");
        var clock = new TestClock();
        var handler = new EchoHandler(_logs.CreateLogger<EchoHandler>(), clock);
        // Sent while received: the endpoint's queue (net.unix.max_dgram_qlen) may hold fewer than all of them.
        var sending = ExternalProcess.PythonAsync(
            "import socket, sys\nfor i in range(int(sys.argv[2])): socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'ping', sys.argv[1])",
            endpoint.Path, count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        for (var i = 0; i < count; i++)
        {
            await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
        }

        (await sending.WaitAsync(TestWait.Timeout)).EnsureSuccess();

        Assert.Equal(0L, _logs.Single(2010)["Suppressed"]);
        clock.Advance(TimeSpan.FromSeconds(10));
        await handler.HandleAsync(await endpoint.SendAndReceiveAsync("ping"u8.ToArray()), CancellationToken.None);
        Assert.Equal([0L, count - 1L], _logs.Events(2010).Select(e => e["Suppressed"]));
        Assert.Contains($"({count - 1} more since the last report)", _logs.Events(2010)[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ManyWithoutReplySocket_OneWarningPerInterval()
    {
        var clock = new TestClock();
        var handler = new EchoHandler(_logs.CreateLogger<EchoHandler>(), clock);
        for (var i = 0; i < 20; i++)
        {
            await handler.HandleAsync(new DatagramContext("echo", "x"u8.ToArray(), UnixSocketAddress.Parse("/tmp/nowhere.sock")), CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromSeconds(10));
        await handler.HandleAsync(new DatagramContext("echo", "x"u8.ToArray(), UnixSocketAddress.Parse("/tmp/nowhere.sock")), CancellationToken.None);

        Assert.Equal([0L, 19L], _logs.Events(2011).Select(e => e["Suppressed"]));
    }

    [Fact]
    public async Task HandleAsync_SenderGoneBeforeReply_FailsForTheDispatcherToCount()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "echo");
        DatagramContext context;
        using (var client = new UnixDatagramSocket())
        {
            client.Bind(dir.File("gone.sock"));
            client.Connect(endpoint.Path);
            await client.SendAsync("ping"u8.ToArray());
            context = await endpoint.ReceiveAsync();
        }

        var handler = new EchoHandler(_logs.CreateLogger<EchoHandler>());

        await Assert.ThrowsAsync<UnixSocketException>(() => handler.HandleAsync(context, CancellationToken.None).AsTask().WaitAsync(TestWait.Timeout));
    }
}
