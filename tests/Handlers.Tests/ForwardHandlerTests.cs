using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UnixDatagram.Transport;

namespace UnixDatagram.Handlers.Tests;

public sealed class ForwardHandlerTests
{
    private readonly RecordingLoggerProvider _logs = new();

    [Fact]
    public async Task HandleAsync_ConfiguredTarget_DatagramArrivesAtPeer()
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"));
        using var endpoint = new TestEndpoint(dir, "ingest");
        var context = await endpoint.SendAndReceiveAsync(Encoding.UTF8.GetBytes("relay wörld"));
        using var handler = CreateHandler(sender, "audit");

        await handler.HandleAsync(context, CancellationToken.None).AsTask().WaitAsync(TestWait.Timeout);

        var buffer = new byte[64];
        var received = await peer.ReceiveAsync(buffer).AsTask().WaitAsync(TestWait.Timeout);
        Assert.Equal("relay wörld", Encoding.UTF8.GetString(buffer, 0, received.Length));
        Assert.Empty(_logs.Entries);
    }

    [Theory]
    [InlineData(TestCongestionPolicy.Fail, SendResult.Congested)]
    [InlineData(TestCongestionPolicy.Drop, SendResult.Dropped)]
    public async Task HandleAsync_TargetCongested_LogsWarningWithEndpointAndTarget(TestCongestionPolicy policy, SendResult expected)
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"), policy);
        sender.FillPeerQueue();
        using var handler = CreateHandler(sender, "audit");

        await handler.HandleAsync(new DatagramContext("ingest", "lost"u8.ToArray()), CancellationToken.None);

        var entry = _logs.Single(2020);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("ingest", entry["Endpoint"]);
        Assert.Equal("audit", entry["Target"]);
        Assert.Equal(expected, entry["Result"]);
        Assert.Equal(4, entry["Length"]);
        Assert.Equal(0L, entry["Suppressed"]);
    }

    [Theory]
    [InlineData(TestCongestionPolicy.Fail)]
    [InlineData(TestCongestionPolicy.Drop)]
    public async Task HandleAsync_TargetCongestedThreeTimes_EachCountedUndeliveredThoughOneIsLogged(TestCongestionPolicy policy)
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"), policy);
        sender.FillPeerQueue();
        using var handler = CreateHandler(sender, "audit", new FakeTimeProvider());

        for (var i = 0; i < 3; i++)
        {
            await handler.HandleAsync(new DatagramContext("ingest", "lost"u8.ToArray()), CancellationToken.None);
        }

        Assert.Single(_logs.Entries, e => e.EventId == 2020);
        Assert.Equal(3, handler.Undelivered);
    }

    [Fact]
    public async Task HandleAsync_PeerGone_LogsPeerUnavailable()
    {
        using var dir = new TempDirectory();
        var peer = new UnixDatagramSocket();
        peer.Bind(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"), TestCongestionPolicy.Fail);
        ForkGate.Close(peer);
        using var handler = CreateHandler(sender, "audit");

        await handler.HandleAsync(new DatagramContext("ingest", "x"u8.ToArray()), CancellationToken.None);

        Assert.Equal(SendResult.PeerUnavailable, _logs.Single(2020)["Result"]);
    }

    [Fact]
    public async Task HandleAsync_Queued_LogsNothing()
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"), TestCongestionPolicy.Queue);
        sender.FillPeerQueue();
        using var handler = CreateHandler(sender, "audit");

        await handler.HandleAsync(new DatagramContext("ingest", "later"u8.ToArray()), CancellationToken.None);

        Assert.Equal("later", Encoding.UTF8.GetString(Assert.Single(sender.Queued)));
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task HandleAsync_WaitThroughCongestion_CompletesWhenPeerDrains()
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"), TestCongestionPolicy.Wait);
        var filler = sender.FillPeerQueue();
        using var handler = CreateHandler(sender, "audit");

        var handling = handler.HandleAsync(new DatagramContext("ingest", "patient"u8.ToArray()), CancellationToken.None).AsTask();

        Assert.False(handling.IsCompleted);
        var buffer = new byte[64];
        var last = string.Empty;
        for (var i = 0; i <= filler; i++)
        {
            var received = await peer.ReceiveAsync(buffer).AsTask().WaitAsync(TestWait.Timeout);
            last = Encoding.UTF8.GetString(buffer, 0, received.Length);
        }

        await handling.WaitAsync(TestWait.Timeout);
        Assert.Equal("patient", last);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task HandleAsync_RepeatedFailures_WarnsOncePerSecondWithCount()
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"), TestCongestionPolicy.Drop);
        sender.FillPeerQueue();
        var clock = new FakeTimeProvider();
        using var handler = CreateHandler(sender, "audit", clock);
        var context = new DatagramContext("ingest", "x"u8.ToArray());

        for (var i = 0; i < 4; i++)
        {
            await handler.HandleAsync(context, CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromMilliseconds(999));
        await handler.HandleAsync(context, CancellationToken.None);
        Assert.Single(_logs.Entries);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await handler.HandleAsync(context, CancellationToken.None);

        Assert.Equal([0L, 4L], _logs.Entries.Select(e => e["Suppressed"]));
    }

    [Fact]
    public async Task HandleAsync_UnknownTarget_ThrowsNamingHandlerKeyAndValue()
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"));
        using var handler = CreateHandler(sender, "adit", name: "forward-audit");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(new DatagramContext("ingest", "x"u8.ToArray()), CancellationToken.None).AsTask());

        Assert.Contains("'forward-audit'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Daemon:Handlers:forward-audit:Target", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'adit'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Configured targets (Daemon:Targets): audit.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptionsReload_ToUnknownTarget_IsCheckedOnNextDatagram()
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"));
        var options = new TestOptionsMonitor<ForwardHandlerOptions>("forward", new ForwardHandlerOptions { Target = "audit" });
        using var handler = new ForwardHandler("forward", sender, options, _logs.CreateLogger<ForwardHandler>());
        var context = new DatagramContext("ingest", "x"u8.ToArray());
        await handler.HandleAsync(context, CancellationToken.None);

        options.Reload("forward", new ForwardHandlerOptions { Target = "elsewhere" });

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(context, CancellationToken.None).AsTask());
        Assert.Contains("'elsewhere'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Constructor_NoTarget_ThrowsNamingTheKey(string target)
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"));
        var options = new TestOptionsMonitor<ForwardHandlerOptions>("forward", new ForwardHandlerOptions { Target = target });

        var exception = Assert.Throws<OptionsValidationException>(() => new ForwardHandler("forward", sender, options, _logs.CreateLogger<ForwardHandler>()));

        Assert.Contains("Daemon:Handlers:forward:Target", exception.Message, StringComparison.Ordinal);
    }

    private ForwardHandler CreateHandler(TestDatagramSender sender, string target, TimeProvider? clock = null, string name = BuiltInHandlerNames.Forward) =>
        new(name, sender, new TestOptionsMonitor<ForwardHandlerOptions>(name, new ForwardHandlerOptions { Target = target }), _logs.CreateLogger<ForwardHandler>(), clock);
}
