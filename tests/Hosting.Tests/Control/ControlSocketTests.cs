
namespace UnixDatagram.Hosting.Tests.Control;

/// <summary>
/// Fail closed, kind 3: the control socket answers only allowed users (by kernel credentials, whatever the file's
/// mode), logs nothing a requester sends (rate-limited, fixed messages with counts), and never blocks on a reply.
/// (An abstract ControlPath is refused at start: <see cref="StartChecksTests"/>.)
/// </summary>
public sealed class ControlSocketTests
{
    /// <summary>argv: control path, request, count. Binds an abstract name, sends, waits for a line on stdin, then reports whether any answer came.</summary>
    private const string AskThenCheck = """
        import os, socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind('\0udg-attacker-%d' % os.getpid())
        for _ in range(int(sys.argv[3])):
            s.sendto(sys.argv[2].encode(), sys.argv[1])
        print('sent', flush=True)
        sys.stdin.readline()
        s.setblocking(False)
        try:
            print('ANSWER ' + s.recv(65536).decode(errors='replace').replace('\n', ' '), flush=True)
        except BlockingIOError:
            print('NONE', flush=True)
        """;

    /// <summary>argv: control path, count. Asks 'stats' again and again and never reads a reply; holds its socket until stdin closes.</summary>
    private const string NeverRead = """
        import os, socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind('\0udg-deaf-%d' % os.getpid())
        s.settimeout(5)
        sent = 0
        try:
            for _ in range(int(sys.argv[2])):
                s.sendto(b'stats', sys.argv[1])
                sent += 1
        except socket.timeout:
            pass
        print('done %d' % sent, flush=True)
        sys.stdin.readline()
        """;

    [Fact]
    public async Task Control_RequestFromAnotherUser_NotAnsweredCountedAndLoggedOnceWithoutItsBytes()
    {
        await using var daemon = await StartAsync();
        var control = daemon.Path("control.sock");

        // A careless operator (or a looser default) opens the file: the kernel credentials still decide.
        File.SetUnixFileMode(daemon.Directory.Path, (UnixFileMode)Convert.ToInt32("0755", 8));
        File.SetUnixFileMode(control, (UnixFileMode)Convert.ToInt32("0666", 8));
        await using var attacker = Attacker.Start(ExternalProcess.Python, "-c", AskThenCheck, control, "stats FORGED", "5");
        await attacker.WaitForLineAsync("sent");

        // The control loop is sequential: once root's request is answered, the attacker's five were handled.
        using var stats = await ControlClient.AskAsync(control, "stats");
        await attacker.WriteLineAsync("go");
        await attacker.WaitForLineAsync("NONE");

        Assert.Equal(5, ControlClient.Counter(stats, "rejected"));
        var rejected = daemon.Log.Messages(1203).ToList();
        Assert.Single(rejected);
        Assert.Contains("uid 65534", rejected[0], StringComparison.Ordinal);
        Assert.Contains("in neither Daemon:ControlAllowedUserIds nor Daemon:ControlReloadUserIds", rejected[0], StringComparison.Ordinal);
        Assert.DoesNotContain(daemon.Log.Entries, e => e.Message.Contains("FORGED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Control_UnnamedRequesterFlood_CountedAndLoggedOnceWithoutItsText()
    {
        await using var daemon = await StartAsync();
        var control = daemon.Path("control.sock");
        var flood = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, control, Convert.ToHexString("FORGED\n12:00:00 INF forged line"u8), "50");
        Assert.True(flood.ExitCode == 0, flood.StandardError);

        using var stats = await ControlClient.AskAsync(control, "stats");

        Assert.Equal(50, ControlClient.Counter(stats, "unanswerable"));
        Assert.Single(daemon.Log.Messages(1201));
        Assert.DoesNotContain(daemon.Log.Entries, e => e.Message.Contains("FORGED", StringComparison.Ordinal) || e.Message.Contains("forged line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Control_RequesterThatNeverReads_DoesNotStallOthers()
    {
        await using var daemon = await StartAsync();
        var control = daemon.Path("control.sock");
        await using var deaf = ChildProcess.Start(ExternalProcess.Python, ["-c", NeverRead, control, "40"]);
        await deaf.WaitForLineAsync("done");

        using var health = await ControlClient.AskAsync(control, "health");
        using var stats = await ControlClient.AskAsync(control, "stats");

        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        Assert.True(ControlClient.Counter(stats, "repliesDropped") >= 1, stats.RootElement.ToString());
        Assert.Single(daemon.Log.Messages(1202));
    }

    [Fact]
    public async Task Control_AllowedUserIds_AnswersThatUser()
    {
        await using var daemon = await StartAsync(("Daemon:ControlAllowedUserIds:0", Attacker.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var control = daemon.Path("control.sock");
        File.SetUnixFileMode(daemon.Directory.Path, (UnixFileMode)Convert.ToInt32("0755", 8));
        await using var allowed = Attacker.Start(ExternalProcess.Python, "-c", AskThenCheck, control, "health", "1");
        await allowed.WaitForLineAsync("sent");
        using var stats = await ControlClient.AskAsync(control, "stats");
        await allowed.WriteLineAsync("go");

        Assert.Contains("\"status\"", await allowed.WaitForLineAsync("ANSWER"), StringComparison.Ordinal);
        Assert.Equal(0, ControlClient.Counter(stats, "rejected"));
    }

    private static async Task<ListenerHost> StartAsync(params (string Key, string Value)[] extra)
    {
        var settings = EndpointConfig.Endpoint("ingest", "in.sock", ["record"]);
        settings["Daemon:ControlPath"] = "control.sock";
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var daemon = ListenerHost.Create(settings, ("record", new RecordingHandler()));
        await daemon.StartAsync();
        return daemon;
    }
}
