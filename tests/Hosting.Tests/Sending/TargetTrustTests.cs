using System.Globalization;
using Microsoft.Extensions.Options;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Sending;

/// <summary>
/// A root daemon forwards with its own credentials (uid 0), so a target must be the peer the operator meant: never a
/// socket another user (uid 65534, through <c>setpriv</c>) bound in a directory of its own, in a sticky directory while
/// the peer was away, or a symbolic link of its making; at start, at reload and at every reconnect.
/// </summary>
public sealed class TargetTrustTests
{
    private const int TargetRefused = 3013;
    private const int TargetReconnected = 3006;

    /// <summary>
    /// argv: path. Binds there (0666, as a squatter would) and prints <c>bound</c>; given a number N on stdin, waits
    /// (at most 20 s) for N datagrams, takes whatever else is queued, prints how many it got, each with its sender's
    /// uid, and exits.
    /// </summary>
    private const string Squatter = """
        import os, socket, struct, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(sys.argv[1])
        os.chmod(sys.argv[1], 0o666)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        print('bound', flush=True)
        wanted = int(sys.stdin.readline())
        got = []
        def take():
            data, anc, _, _ = s.recvmsg(1000, 64)
            got.append('%s/uid %d' % (data.decode(), struct.unpack('3i', anc[0][2])[1]))
        s.settimeout(20)
        while len(got) < wanted:
            take()
        s.setblocking(False)
        try:
            while True:
                take()
        except BlockingIOError:
            pass
        print('received %d: %s' % (len(got), ' '.join(got)), flush=True)
        """;

    [Fact]
    public async Task StartAsync_TargetInDirectoryOfAnotherUser_FailsNamingKeyPathOwnerAndMode()
    {
        await using var daemon = ListenerHost.Create(Forwarding("{dir}/att/up.sock"), ("record", new RecordingHandler()));
        var att = await AttackerDirectoryAsync(daemon, "att", "0755");
        await using var squatter = await StartSquatterAsync(Path.Join(att, "up.sock"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(daemon.StartAsync);

        var failure = Assert.Single(error.Failures, f => f.StartsWith("Daemon:Targets:0:Path:", StringComparison.Ordinal));
        Assert.Contains($"target 'up': '{att}/up.sock': the directory '{att}' (owner uid 65534, mode 0755) is owned by another user", failure, StringComparison.Ordinal);
        Assert.Contains("Daemon:Targets:0:PeerUserId", failure, StringComparison.Ordinal);
        Assert.Equal("received 0:", await ReportAsync(squatter));
    }

    [Fact]
    public async Task Forward_SquatterBindsTheNameInStickyDirectoryWhilePeerIsAway_ReconnectRefusedAndSquatterGetsNothing()
    {
        var (created, recorder, shared) = CreateWithSharedTarget();
        await using var daemon = created;
        var path = Path.Join(shared, "up.sock");

        // The real peer (root's socket in a root-owned sticky directory, as in /tmp) is trusted and gets the first datagram.
        var (peer, client) = await StartWithPeerAsync(daemon, path);
        using var sending = client;

        // The peer goes away; another user binds its name; the next forward finds the old socket gone and reconnects.
        ForkGate.Close(peer);
        await using var squatter = await StartSquatterAsync(path);
        var message = await ForwardSecretsExpectingRefusalAsync(daemon, recorder, client);
        Assert.Contains($"Target 'up' (Daemon:Targets:0:Path '{path}'): refused to connect", message, StringComparison.Ordinal);
        Assert.Contains($"'{path}' (owner uid 65534, mode 0666) is a socket that uid 65534 bound", message, StringComparison.Ordinal);
        Assert.Contains($"its directory '{shared}' (owner uid 0, mode 1777)", message, StringComparison.Ordinal);
        Assert.Equal("received 0:", await ReportAsync(squatter));
    }

    [Fact]
    public async Task Forward_TargetDirectoryGivenToAnotherUserWhileRunning_ReconnectRefusedNamingOwnerAndMode()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(systemClock: true, Forwarding("{dir}/peer/up.sock"), ("record", recorder));
        daemon.Directory.OpenToOthers();
        var directory = Directory.CreateDirectory(daemon.Path("peer")).FullName;
        var path = Path.Join(directory, "up.sock");
        var (peer, client) = await StartWithPeerAsync(daemon, path);
        using var sending = client;

        // Checked at start, the directory changes hands while the daemon runs: the reconnect checks it again.
        ForkGate.Close(peer);
        File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        await ChownAsync(directory, Attacker.UserId);
        await using var squatter = await StartSquatterAsync(path);
        var message = await ForwardSecretsExpectingRefusalAsync(daemon, recorder, client);

        Assert.Contains($"the directory '{directory}' (owner uid 65534, mode 0755) is owned by another user", message, StringComparison.Ordinal);
        Assert.Equal("received 0:", await ReportAsync(squatter));
    }

    [Fact]
    public async Task Reload_TargetMovedIntoDirectoryOfAnotherUser_RejectedAndTheOldTargetServesOn()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.CreateReloadable(Forwarding("{dir}/up.sock"), ("record", recorder));
        var att = await AttackerDirectoryAsync(daemon, "att", "0755");
        await using var squatter = await StartSquatterAsync(Path.Join(att, "up.sock"));
        using var peer = new TestReceiver(daemon.Path("up.sock"));
        peer.Start();
        await daemon.StartAsync();

        daemon.Write(Forwarding(Path.Join(att, "up.sock")));
        var result = await daemon.ReloadAsync();
        using (var client = daemon.Connect("fwd.sock"))
        {
            client.Send("after the reload"u8);
        }

        await peer.WaitForAsync(1, TestWait.Timeout);
        await recorder.WaitForAsync(1).Within();
        await daemon.StopAsync().Within();

        Assert.False(result.Succeeded);
        Assert.Contains($"Daemon:Targets:0:Path: target 'up': '{att}/up.sock': the directory '{att}' (owner uid 65534, mode 0755) is owned by another user", result.Message, StringComparison.Ordinal);
        Assert.Equal("received 0:", await ReportAsync(squatter));
    }

    [Fact]
    public async Task Forward_SymbolicLinkOfAnotherUserInStickyDirectory_IsNotFollowedToTheSocketItNames()
    {
        var (created, recorder, shared) = CreateWithSharedTarget();
        await using var daemon = created;

        // A root-only socket the attacker may not write to itself, and its link where the peer would be.
        var victim = new TestReceiver(daemon.Path("victim.sock"));
        victim.Start();
        await Attacker.RunAsync("ln", "-s", daemon.Path("victim.sock"), Path.Join(shared, "up.sock"));
        var refused = daemon.Log.WaitForAsync(TargetRefused);
        await daemon.StartAsync();
        var message = (await refused.Within()).Message;
        using (var client = daemon.Connect("fwd.sock"))
        {
            client.Send("root-only secret"u8);
        }

        await recorder.WaitForAsync(1).Within();
        await daemon.StopAsync().Within();
        var received = victim.Received;
        victim.Dispose();

        Assert.Contains("is a symbolic link that uid 65534 made", message, StringComparison.Ordinal);
        Assert.Empty(received);
        Assert.Equal(1, daemon.Statistics.Target("up").PeerUnavailable);
    }

    [Fact]
    public async Task Forward_PeerUserIdNamesThePeersUser_ItsOwnDirectoryIsTrustedAndItReceives()
    {
        var settings = Forwarding("{dir}/svc/up.sock");
        settings["Daemon:Targets:0:PeerUserId"] = Attacker.UserId.ToString(CultureInfo.InvariantCulture);
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(systemClock: true, settings, ("record", recorder));
        var svc = await AttackerDirectoryAsync(daemon, "svc", "0755");
        await using var peer = await StartSquatterAsync(Path.Join(svc, "up.sock"));
        var connected = daemon.Log.WaitForAsync(3000);
        await daemon.StartAsync();
        await connected.Within();
        using (var client = daemon.Connect("fwd.sock"))
        {
            client.Send("hello"u8);
        }

        await recorder.WaitForAsync(1).Within();
        await daemon.StopAsync().Within();

        // The target sees the daemon's credentials (uid 0), not the original sender's: forward relays as the daemon.
        Assert.Equal("received 1: hello/uid 0", await ReportAsync(peer, wanted: 1));
    }

    [Fact]
    public async Task StartAsync_AbstractTarget_FailsUnlessAllowAbstractName()
    {
        var name = "@udg-target-" + Guid.NewGuid().ToString("N");
        await using (var refused = ListenerHost.Create(Forwarding(name), ("record", new RecordingHandler())))
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(refused.StartAsync);
            var failure = Assert.Single(error.Failures, f => f.StartsWith("Daemon:Targets:0:Path:", StringComparison.Ordinal));
            Assert.Contains($"target 'up': '{name}' is an abstract name, which has no owner or permissions", failure, StringComparison.Ordinal);
            Assert.Contains("set Daemon:Targets:0:AllowAbstractName to true", failure, StringComparison.Ordinal);
        }

        var settings = Forwarding(name);
        settings["Daemon:Targets:0:AllowAbstractName"] = "true";
        using var peer = new TestReceiver(name);
        peer.Start();
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(systemClock: true, settings, ("record", recorder));
        await daemon.StartAsync();
        using var client = daemon.Connect("fwd.sock");
        client.Send("allowed"u8);
        Assert.Single(await peer.WaitForAsync(1, TestWait.Timeout));
    }

    /// <summary>
    /// An endpoint 'fwd' whose datagrams the <c>forward</c> handler relays to the target 'up' at <paramref name="target"/>,
    /// then hands to 'record' (a <see cref="RecordingHandler"/>), so a test knows when the forward is done.
    /// </summary>
    private static Dictionary<string, string?> Forwarding(string target) => EndpointConfig.Merge(
        EndpointConfig.Endpoint("fwd", "fwd.sock", ["forward", "record"]),
        new Dictionary<string, string?>
        {
            ["Daemon:Targets:0:Name"] = "up",
            ["Daemon:Targets:0:Path"] = target,
            ["Daemon:Targets:0:ReconnectMinDelay"] = "00:00:00.010",
            ["Daemon:Targets:0:ReconnectMaxDelay"] = "00:00:00.100",
            ["Daemon:Handlers:forward:Target"] = "up",
        });

    /// <summary>Starts the host with a root peer at <paramref name="path"/>, which gets a first forwarded datagram; the caller disposes both.</summary>
    private static async Task<(TestReceiver Peer, UnixDatagramSocket Client)> StartWithPeerAsync(ListenerHost daemon, string path)
    {
        var peer = new TestReceiver(path);
        peer.Start();
        await daemon.StartAsync();
        var client = daemon.Connect("fwd.sock");
        client.Send("first"u8);
        Assert.Equal("first", System.Text.Encoding.UTF8.GetString(Assert.Single(await peer.WaitForAsync(1, TestWait.Timeout))));
        return (peer, client);
    }

    /// <summary>
    /// Forwards two secrets once the squatter holds the name: the first finds the old peer gone, and the reconnect must be
    /// refused (not made); returns the refusal's message after the host stopped with both forwards done.
    /// </summary>
    private static async Task<string> ForwardSecretsExpectingRefusalAsync(ListenerHost daemon, RecordingHandler recorder, UnixDatagramSocket client)
    {
        var refused = daemon.Log.WaitForAsync(TargetRefused);
        var reconnected = daemon.Log.WaitForAsync(TargetReconnected);
        client.Send("root-only secret"u8);
        Assert.Same(refused, await Task.WhenAny(refused, reconnected).Within());
        client.Send("another secret"u8);
        await recorder.WaitForAsync(3).Within();
        await daemon.StopAsync().Within();
        return (await refused).Message;
    }

    /// <summary>A directory in the host's own that the attacker owns, with <paramref name="mode"/>.</summary>
    private static async Task<string> AttackerDirectoryAsync(ListenerHost daemon, string name, string mode)
    {
        daemon.Directory.OpenToOthers();
        var path = Directory.CreateDirectory(daemon.Path(name)).FullName;
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        await ChownAsync(path, Attacker.UserId);
        return path;
    }

    /// <summary>
    /// A host (system clock) forwarding to 'up' in <c>shared</c>, a directory like <c>/tmp</c> in its own (root's, mode
    /// 1777), and the recorder behind its forward.
    /// </summary>
    private static (ListenerHost Daemon, RecordingHandler Recorder, string Shared) CreateWithSharedTarget()
    {
        var recorder = new RecordingHandler();
        var daemon = ListenerHost.Create(systemClock: true, Forwarding("{dir}/shared/up.sock"), ("record", recorder));
        daemon.Directory.OpenToOthers();
        var shared = Directory.CreateDirectory(daemon.Path("shared")).FullName;
        File.SetUnixFileMode(shared, (UnixFileMode)Convert.ToInt32("1777", 8));
        return (daemon, recorder, shared);
    }

    private static async Task<ChildProcess> StartSquatterAsync(string path)
    {
        var squatter = Attacker.Start(ExternalProcess.Python, "-c", Squatter, path);
        await squatter.WaitForLineAsync("bound");
        return squatter;
    }

    /// <summary>What the squatter got: asked after every send returned, so whatever reached it is in its queue.</summary>
    private static async Task<string> ReportAsync(ChildProcess squatter, int wanted = 0)
    {
        await squatter.WriteLineAsync(wanted.ToString(CultureInfo.InvariantCulture));
        return (await squatter.WaitForLineAsync("received")).Trim();
    }

    private static async Task ChownAsync(string path, uint owner) =>
        await ExternalProcess.RunCheckedAsync("chown", string.Create(CultureInfo.InvariantCulture, $"{owner}:{owner}"), path);
}
