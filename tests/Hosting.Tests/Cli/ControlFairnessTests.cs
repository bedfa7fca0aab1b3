using System.Globalization;
using System.Text.Json;
using UnixDatagram.Hosting.Control;

namespace UnixDatagram.Hosting.Tests.Cli;

/// <summary>
/// One allowed uid whose sockets ask and never read cannot take the others' room in the control socket's send buffer:
/// root's and another allowed uid's real <c>dgramd health</c> are still answered, and the dropped replies are logged
/// naming the requester.
/// </summary>
public sealed class ControlFairnessTests
{
    /// <summary>A second allowed uid, besides the attacker (65534).</summary>
    private const uint OtherUserId = 65533;

    /// <summary>
    /// argv: control path, n. Opens n sockets bound to abstract names, each asks for <c>health</c> once and never reads;
    /// says <c>asked</c> when all have sent (the sends block while the control socket's queue is full, so by then the
    /// daemon has taken all but the last few) and holds them open until standard input closes.
    /// </summary>
    private const string AskAndNeverRead = """
        import os, socket, sys
        control, n = sys.argv[1], int(sys.argv[2])
        held = []
        for i in range(n):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind('\0dgramd-deaf-%d-%d' % (os.getpid(), i))
            s.connect(control)
            s.send(b'health')
            held.append(s)
        print('asked', flush=True)
        sys.stdin.readline()
        """;

    /// <summary>argv: control path, n. One socket on a kept abstract name asks n times, reading each answer; prints <c>answered N</c> or <c>no answer N</c>.</summary>
    private const string AskAndReadEachTime = """
        import os, socket, sys
        control, n = sys.argv[1], int(sys.argv[2])
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind('\0dgramd-monitor-%d' % os.getpid())
        s.connect(control)
        s.settimeout(10)
        for i in range(n):
            s.send(b'health')
            try:
                s.recv(1 << 20)
                print('answered %d' % (i + 1), flush=True)
            except socket.timeout:
                print('no answer %d' % (i + 1), flush=True)
                sys.exit(1)
        """;

    /// <summary>A long-lived client that reads its answers is answered for as long as it asks, while another allowed uid leaves one reply unread.</summary>
    [Fact]
    public async Task Health_AnotherAllowedUserLeavesOneReplyUnread_LongLivedReaderAnsweredEveryTime()
    {
        using var dir = new TempDirectory();
        dir.OpenToOthers();
        using var etc = new TempDirectory();
        var settings = Settings(dir);
        ConfigFile.Write(etc.File("appsettings.json"), settings);
        await using var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string> { ["CONFIGURATION_DIRECTORY"] = etc.Path });
        await daemon.WaitForLineAsync("Application started");
        var control = dir.File("control.sock");
        await using var holder = Attacker.Start(ExternalProcess.Python, "-c", AskAndNeverRead, control, "1");
        await holder.WaitForLineAsync("asked");

        var asks = (ReplySendBuffer.RepliesInFlight * 2) + 1;
        var monitor = await ExternalProcess.RunAsync(
            "setpriv",
            [$"--reuid={OtherUserId}", $"--regid={OtherUserId}", "--clear-groups", ExternalProcess.Python, "-c", AskAndReadEachTime, control, asks.ToString(CultureInfo.InvariantCulture)]);

        Assert.True(monitor.ExitCode == 0, monitor.StandardOutput + monitor.StandardError);
        Assert.Contains($"answered {asks}", monitor.StandardOutput, StringComparison.Ordinal);
        await holder.WriteLineAsync("done");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Health_AllowedUserWithThirtySocketsThatNeverRead_RootAndOtherAllowedUserStillAnswered()
    {
        using var dir = new TempDirectory();
        dir.OpenToOthers();
        using var etc = new TempDirectory();
        var settings = Settings(dir);

        // Health replies of about 20 KB, as a daemon with a few dozen endpoints has: 30 of them unread are more than
        // the kernel's default send buffer (212992 bytes).
        ConfigFile.AddLongNamedEndpoints(settings, 60);

        ConfigFile.Write(etc.File("appsettings.json"), settings);
        await using var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string> { ["CONFIGURATION_DIRECTORY"] = etc.Path });
        await daemon.WaitForLineAsync("Application started");
        var control = dir.File("control.sock");
        await using var deaf = Attacker.Start(ExternalProcess.Python, "-c", AskAndNeverRead, control, "30");
        await deaf.WaitForLineAsync("asked");

        var (rootCode, root) = await DaemonProcess.RunAsync(["health", "--control", control, "--timeout", "10"]);
        Assert.True(rootCode == 0, root.StandardError);

        // More often than its share holds: each 'dgramd health' has read its reply and exited, so its share is free again.
        for (var i = 0; i < ReplySendBuffer.RepliesInFlight + 1; i++)
        {
            var (otherCode, other) = await DaemonProcess.RunAsync(
                ["health", "--control", control, "--timeout", "10"],
                new Dictionary<string, string> { ["HOME"] = dir.Path },
                launcher: ["setpriv", $"--reuid={OtherUserId}", $"--regid={OtherUserId}", "--clear-groups"]);
            Assert.True(otherCode == 0, $"ask {i + 1}: {other.StandardError}");
        }

        using (var report = JsonDocument.Parse(root.StandardOutput))
        {
            Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        }

        var dropped = await daemon.WaitForLineAsync($"Control reply to uid {Attacker.UserId} (pid {deaf.Id}, socket @dgramd-deaf-{deaf.Id}-");
        Assert.True(dropped.Contains("dropped, request health: uid 65534 already has 4 replies not read yet", StringComparison.Ordinal), dropped);
        Assert.DoesNotContain(daemon.StandardError.Split('\n'), line => line.Contains("Control reply to uid 0 ", StringComparison.Ordinal) || line.Contains($"Control reply to uid {OtherUserId} ", StringComparison.Ordinal));
        await deaf.WriteLineAsync("done");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    /// <summary>The daemon's sockets in <paramref name="dir"/>, its control socket answering the attacker and <see cref="OtherUserId"/> too.</summary>
    private static Dictionary<string, string?> Settings(TempDirectory dir) => new()
    {
        ["Daemon:SocketDirectory"] = dir.Path,
        ["Daemon:ControlPath"] = "control.sock",
        ["Daemon:ControlAllowedUserIds:0"] = Attacker.UserId.ToString(CultureInfo.InvariantCulture),
        ["Daemon:ControlAllowedUserIds:1"] = OtherUserId.ToString(CultureInfo.InvariantCulture),
    };
}
