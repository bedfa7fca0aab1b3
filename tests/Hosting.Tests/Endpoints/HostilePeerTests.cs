using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>Peers that do not play along: one that never reads its replies, one that floods, a handler that ignores cancellation.</summary>
public sealed class HostilePeerTests
{
    /// <summary>argv: server path, own path, count. Binds its path, sends count datagrams, says so, then never reads until stdin closes.</summary>
    private const string NeverReads = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(sys.argv[2])
        for i in range(int(sys.argv[3])):
            s.sendto(b'never reads %d' % i, sys.argv[1])
        print('sent', flush=True)
        sys.stdin.read()
        """;

    [Fact]
    public async Task Echo_PeerThatNeverReads_DoesNotStallOthersAndDropsAreCounted()
    {
        await using var daemon = ListenerHost.Create(systemClock: true, EndpointConfig.Endpoint("echo", "echo.sock", ["echo"], "ReplyTimeout=00:00:00.100"));
        await daemon.StartAsync();
        var name = daemon.Path("never-reads.sock");

        using var peer = ChildProcess.Start(ExternalProcess.Python, ["-c", NeverReads, daemon.Path("echo.sock"), name, "40"]);
        await peer.WaitForLineAsync("sent");
        await daemon.Log.WaitForAsync(1109).Within();

        var ping = await PythonPeers.PingAsync(daemon.Path("echo.sock"), daemon.Path("ping.sock"), "still answered");

        Assert.True(ping.ExitCode == 0, ping.StandardError);
        Assert.Equal("still answered", ping.StandardOutput.Trim());
        var stats = daemon.Endpoint("echo");
        Assert.True(stats.ReplyDropped >= 40 - 10 - 1, $"{stats.ReplyDropped} replies dropped");
        Assert.Equal(0, stats.Failed);
        var health = await daemon.HealthAsync("echo");
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal(stats.ReplyDropped, health.Data["replyDropped"]);
        var warning = daemon.Log.Events(1109)[0];
        Assert.Contains(name, warning.Message, StringComparison.Ordinal);
        Assert.Contains("ReplyTimeout", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A congested reply to an abstract name is dropped at once (the clock never moves here): during a wait the sender
    /// could release the name and another process bind it, and receive the reply with the daemon's credentials.
    /// </summary>
    [Fact]
    public async Task Echo_AbstractSenderQueueFull_ReplyDroppedWithoutWaiting()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("echo", "echo.sock", ["echo"], "ReplyTimeout=00:00:30"));
        await daemon.StartAsync();
        var name = "@dgramd-test-abstract-full-" + Guid.NewGuid().ToString("N");
        await using var sender = ChildProcess.Start(ExternalProcess.Python, ["-c", PythonPeers.SenderThatMoves, daemon.Path("echo.sock"), name]);
        await sender.WaitForLineAsync("bound");
        await sender.ObeyAsync("fill");

        await sender.ObeyAsync("send hello");
        await daemon.Log.WaitForAsync(1109).Within();

        var warning = daemon.Log.Events(1109)[0];
        Assert.Contains(name, warning.Message, StringComparison.Ordinal);
        Assert.Contains("abstract name does not wait", warning.Message, StringComparison.Ordinal);
        Assert.Equal($"pid={sender.Id} uid=0 gid=0", warning["Credentials"]);
        Assert.Contains($"(pid={sender.Id} uid=0 gid=0)", warning.Message, StringComparison.Ordinal);
        await daemon.StopAsync().Within();
        Assert.Equal(1, daemon.Endpoint("echo").ReplyDropped);
        Assert.Equal(1, daemon.Endpoint("echo").Handled);
    }

    /// <summary>
    /// Peers that never read, each at its own address: after one reply waited <c>ReplyTimeout</c> and was dropped, the
    /// next congested reply, to a peer not seen before, is dropped at once; once the pause has passed, replies wait again.
    /// </summary>
    [Fact]
    public async Task Echo_NeverReadingPeersAtManyAddresses_OneWaitPerPause()
    {
        var replyTimeout = TimeSpan.FromMilliseconds(100);
        var recorder = new RecordingHandler();
        using var peers = new TempDirectory();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("echo", "echo.sock", ["echo", "record"], "ReplyTimeout=00:00:00.100"), ("record", recorder));
        await daemon.StartAsync();
        var never = new List<ChildProcess>();
        try
        {
            foreach (var name in new[] { "a", "b", "c" })
            {
                var peer = ChildProcess.Start(ExternalProcess.Python, ["-c", PythonPeers.SenderThatMoves, daemon.Path("echo.sock"), peers.File(name + ".sock")]);
                never.Add(peer);
                await peer.WaitForLineAsync("bound");
                await peer.ObeyAsync("fill");
            }

            await never[0].ObeyAsync("send a");
            await daemon.Clock.ArmedAsync(replyTimeout).Within();
            daemon.Clock.Advance(replyTimeout);
            await recorder.WaitForAsync(1).Within();

            // No clock movement: b's reply is dropped without a wait.
            await never[1].ObeyAsync("send b");
            await recorder.WaitForAsync(2).Within();
            Assert.Equal(2, daemon.Endpoint("echo").ReplyDropped);

            daemon.Clock.Advance(UnixDatagram.Hosting.Endpoints.NotReadingPeers.Pause(replyTimeout));
            await never[2].ObeyAsync("send c");
            await daemon.Clock.ArmedAsync(replyTimeout, count: 2).Within();
            daemon.Clock.Advance(replyTimeout);
            await recorder.WaitForAsync(3).Within();
            Assert.Equal(3, daemon.Endpoint("echo").ReplyDropped);
        }
        finally
        {
            foreach (var peer in never)
            {
                await peer.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A sender that fills its own queue (so the reply waits), then puts a symbolic link to a root-only socket where its
    /// socket was: the reply, which would carry the daemon's credentials, is refused instead of following the link.
    /// </summary>
    [Fact]
    public async Task Echo_SenderReplacesItsSocketWithASymlink_ReplyRefusedNotRedirected()
    {
        using var outside = new TempDirectory().OpenToOthers();
        var senders = System.IO.Directory.CreateDirectory(outside.File("senders")).FullName;
        File.SetUnixFileMode(senders, (UnixFileMode)0b111_111_111);
        var victimPath = System.IO.Path.Join(System.IO.Directory.CreateDirectory(outside.File("root-only"), (UnixFileMode)0b111_000_000).FullName, "victim.sock");
        using var victim = TestSockets.Bound(victimPath);
        await using var daemon = ListenerHost.Create(systemClock: true, EndpointConfig.Endpoint("echo", "echo.sock", ["echo"], "Mode=0666", "HandlerTimeout=00:01:00", "ReplyTimeout=00:00:30"));
        daemon.Directory.OpenToOthers();
        await daemon.StartAsync();
        var senderPath = System.IO.Path.Join(senders, "sender.sock");
        await using var sender = ChildProcess.Start("setpriv", [.. ExternalProcess.AsNobody, ExternalProcess.Python, "-c", PythonPeers.SenderThatMoves, daemon.Path("echo.sock"), senderPath]);
        await sender.WaitForLineAsync("bound");

        await sender.ObeyAsync("fill");
        await sender.ObeyAsync("send injected");
        await sender.ObeyAsync("symlink " + victimPath);

        var buffer = new byte[64];
        var delivered = victim.ReceiveAsync(buffer).AsTask();
        var failed = daemon.Log.WaitForAsync(1100);
        var first = await Task.WhenAny(delivered, failed).Within();
        if (first == delivered)
        {
            var got = await delivered;
            Assert.Fail($"The reply followed the symbolic link into {victimPath}: '{Encoding.UTF8.GetString(buffer, 0, got.Length)}' from {got.Sender} ({got.Credentials}).");
        }

        var error = Assert.IsType<UnixSocketException>(daemon.Log.Events(1100)[0].Exception);
        Assert.Equal(1, error.ErrorNumber); // EPERM
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);

        // The failure is logged as the handler returns; the datagram is counted after that, which a stop waits for.
        await daemon.StopAsync().Within();
        Assert.Equal(1, daemon.Endpoint("echo").Failed);
        using (var root = new UnixDatagramSocket())
        {
            root.SendTo("sentinel"u8, victimPath);
        }

        var next = await delivered.Within();
        Assert.Equal("sentinel", Encoding.UTF8.GetString(buffer, 0, next.Length));
    }

    /// <summary>
    /// A client that closes before its answer is ordinary, not a handler failure: the reply is dropped, counted and
    /// logged as such, and the datagram counts as handled.
    /// </summary>
    [Fact]
    public async Task Echo_SenderGoneBeforeTheReply_ReplyDroppedNotAFailure()
    {
        var gate = new GateHandler();
        await using var daemon = ListenerHost.Create(systemClock: true, EndpointConfig.Endpoint("echo", "echo.sock", ["gate", "echo"]), ("gate", gate));
        await daemon.StartAsync();
        await using (var sender = ChildProcess.Start(ExternalProcess.Python, ["-c", PythonPeers.SenderThatMoves, daemon.Path("echo.sock"), daemon.Path("client.sock")]))
        {
            await sender.WaitForLineAsync("bound");
            await sender.ObeyAsync("send bye");
            await gate.WaitEnteredAsync(1).Within();
            await sender.ObeyAsync("unlink");
        }

        gate.Open();
        await daemon.Log.WaitForAsync(1109).Within();

        Assert.Contains("the sender is gone", daemon.Log.Events(1109)[0].Message, StringComparison.Ordinal);
        Assert.Empty(daemon.Log.Events(1100));
        await daemon.StopAsync().Within();
        var stats = daemon.Endpoint("echo");
        Assert.Equal((1L, 0L, 1L), (stats.Handled, stats.Failed, stats.ReplyDropped));
    }

    [Theory]
    [InlineData("636166e92e736f636b", false)] // caf\xe9.sock
    [InlineData("636c69ff656e74", true)]      // @cli\xffent
    public async Task Echo_SenderNameNotUtf8_GetsItsReply(string hex, bool isAbstract)
    {
        var raw = Convert.FromHexString(hex);
        await using var daemon = ListenerHost.Create(systemClock: true, EndpointConfig.Endpoint("echo", "echo.sock", ["echo"]));
        await daemon.StartAsync();
        byte[] address = isAbstract ? [0, .. raw] : [.. System.Text.Encoding.UTF8.GetBytes(daemon.Directory.Path + "/"), .. raw];

        var ping = await PythonPeers.PingAsync(daemon.Path("echo.sock"), address, "echo me");

        Assert.True(ping.ExitCode == 0, $"exit {ping.ExitCode}: {ping.StandardError}");
        Assert.Equal("echo me", ping.StandardOutput.Trim());

        // The reply leaves from inside the handler; the datagram is counted once the handler has returned, which a stop waits for.
        await daemon.StopAsync().Within();
        Assert.Equal(1, daemon.Endpoint("echo").Handled);
        Assert.Equal(0, daemon.Endpoint("echo").Failed);
    }

    [Fact]
    public async Task HandlerIgnoringCancellation_PastTimeout_DegradedThenUnhealthyAfterStallTimeout()
    {
        var timeout = TimeSpan.FromSeconds(5);
        var stubborn = new StubbornHandler();
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["stubborn", "record"], "Dispatch=Ordered", "HandlerTimeout=00:00:05", "StallTimeout=00:00:30"),
            ("stubborn", stubborn),
            ("record", recorder));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");
        await client.SendAsync("x"u8.ToArray()).Within();
        await stubborn.Started.Within();
        await daemon.Clock.ArmedAsync(timeout).Within();
        Assert.Equal(HealthStatus.Healthy, (await daemon.HealthAsync("ingest")).Status);

        daemon.Clock.Advance(timeout);
        await stubborn.Cancelled.Within();
        daemon.Clock.Advance(TimeSpan.FromSeconds(2));
        var degraded = await daemon.HealthAsync("ingest");
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(1, degraded.Data["overrunning"]);
        Assert.Equal(1L, daemon.Endpoint("ingest").Overruns);

        daemon.Clock.Advance(TimeSpan.FromSeconds(30));
        var unhealthy = await daemon.HealthAsync("ingest");
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Contains("stalled", unhealthy.Description, StringComparison.Ordinal);
        Assert.Equal(1L, daemon.Endpoint("ingest").Overruns);

        // Once the handler returns, the endpoint is no longer stalled (still Degraded: it overran within the minute).
        // The recorder seeing the first datagram is not enough: the datagram is finished (its worker no longer armed)
        // only after its last handler returns. Ordered dispatch hands the next datagram to the worker only after that,
        // so the recorder seeing a second one means the first is finished.
        stubborn.Release();
        await client.SendAsync("y"u8.ToArray()).Within();
        await recorder.WaitForAsync(2).Within();
        Assert.Equal(HealthStatus.Degraded, (await daemon.HealthAsync("ingest")).Status);
    }

    [Fact]
    public async Task RateLimit_OneUidFloods_OnlyItIsSuppressedCountedAndReportedOncePerInterval()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"], "Mode=0666", "RateLimitInterval=00:00:30", "RateLimitBurst=5"),
            ("record", recorder));
        await daemon.StartAsync();
        File.SetUnixFileMode(daemon.Directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);

        var flood = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, daemon.Path("ingest.sock"), Convert.ToHexString("flood"u8), "100");
        Assert.True(flood.ExitCode == 0, flood.ToString());
        var calm = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path("ingest.sock"), Convert.ToHexString("calm"u8), "3");
        Assert.True(calm.ExitCode == 0, calm.ToString());
        // The calm datagrams were sent after the flood, so once they are in, the whole flood has been read.
        await recorder.WaitForAsync(8).Within();

        Assert.Equal(5, recorder.Received.Count(r => r.Credentials?.UserId == 65534));
        Assert.Equal(3, recorder.Received.Count(r => Encoding.UTF8.GetString(r.Payload) == "calm"));
        Assert.Equal(95, daemon.Endpoint("ingest").Suppressed);
        var suppressing = Assert.Single(daemon.Log.Events(1110));
        Assert.Contains("uid 65534", suppressing.Message, StringComparison.Ordinal);
        Assert.Equal($"pid={flood.ProcessId} uid=65534 gid=65534", suppressing["Credentials"]);
        Assert.Contains($"(last from (unnamed) (pid={flood.ProcessId} uid=65534 gid=65534))", suppressing.Message, StringComparison.Ordinal);

        // The next interval: the flooder's first datagram passes, and the interval before is reported.
        daemon.Clock.Advance(TimeSpan.FromSeconds(30));
        var again = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, daemon.Path("ingest.sock"), Convert.ToHexString("flood"u8), "1");
        Assert.True(again.ExitCode == 0, again.ToString());
        await daemon.Log.WaitForAsync(1111).Within();
        Assert.Contains("suppressed 95 datagrams from uid 65534", Assert.Single(daemon.Log.Events(1111)).Message, StringComparison.Ordinal);
        Assert.Equal(95L, (await daemon.HealthAsync("ingest")).Data["suppressed"]);
    }

    [Fact]
    public async Task RateLimit_Default_IsOff()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), ("record", recorder));
        await daemon.StartAsync();

        var flood = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path("ingest.sock"), Convert.ToHexString("flood"u8), "200");

        Assert.True(flood.ExitCode == 0, flood.ToString());
        await recorder.WaitForAsync(200).Within();
        Assert.Equal(0, daemon.Endpoint("ingest").Suppressed);
    }

    /// <summary>Ignores its token: returns only when released.</summary>
    private sealed class StubbornHandler : IDatagramHandler
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public Task Cancelled => _cancelled.Task;

        public void Release() => _release.TrySetResult();

        public async ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
        {
            using var registration = cancellationToken.Register(() => _cancelled.TrySetResult());
            _started.TrySetResult();
            await _release.Task;
        }
    }
}
