using System.Globalization;
using System.Text.Json;
using UnixDatagram.Hosting.Systemd;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Systemd;

/// <summary>
/// Pins down what the real <c>systemd-socket-activate</c> passes (it sets the variables and descriptors exactly as
/// systemd does), by running it with a small python3 program that reports what it got, then feeding that to our parser.
/// </summary>
public sealed class SystemdSocketActivateToolTests
{
    // Reports the LISTEN_ variables and, for each passed descriptor: family, type, bound name, close-on-exec, and the
    // datagram already queued on it (the one that triggered activation), without taking it off the queue.
    private const string Reporter = """
        import fcntl, json, os, socket
        n = int(os.environ.get("LISTEN_FDS", "0"))
        fds = []
        for fd in range(3, 3 + n):
            s = socket.socket(fileno=fd)
            try:
                queued = s.recv(100, socket.MSG_DONTWAIT | socket.MSG_PEEK).decode()
            except BlockingIOError:
                queued = None
            fds.append({"fd": fd, "family": int(s.family), "type": int(s.type), "name": s.getsockname(),
                        "cloexec": bool(fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC), "queued": queued})
            s.detach()
        print(json.dumps({"pid": os.getpid(), "env": {k: v for k, v in os.environ.items() if k.startswith("LISTEN_")}, "fds": fds}))
        """;

    [Fact]
    public async Task SystemdSocketActivate_TwoNamedDatagramSockets_PassesWhatOurParserReads()
    {
        using var dir = new TempDirectory();
        var ingest = dir.File("ingest.sock");
        var control = dir.File("control.sock");

        var report = await ActivateAsync(["--datagram", "-l", ingest, "-l", control, "--fdname=ingest:control"], ingest);

        var pid = report.GetProperty("pid").GetInt32();
        var env = report.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), env["LISTEN_PID"]);
        Assert.Equal("2", env["LISTEN_FDS"]);
        Assert.Equal("ingest:control", env["LISTEN_FDNAMES"]);
        var fds = report.GetProperty("fds").EnumerateArray().ToArray();
        Assert.Equal(2, fds.Length);
        AssertDatagramSocket(fds[0], ListenFdsEnvironment.FirstFileDescriptor, ingest, queued: "wake");
        AssertDatagramSocket(fds[1], ListenFdsEnvironment.FirstFileDescriptor + 1, control, queued: null);

        var parsed = ListenFdsEnvironment.Read(name => env.GetValueOrDefault(name), pid);
        Assert.Equal(["ingest", "control"], parsed.Names);
        Assert.Null(parsed.Problem);
    }

    [Fact]
    public async Task SystemdSocketActivate_NoFdName_PassesNoNamesAndOurParserSaysUnknown()
    {
        using var dir = new TempDirectory();
        var ingest = dir.File("ingest.sock");

        var report = await ActivateAsync(["--datagram", "-l", ingest], ingest);

        var env = report.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        Assert.False(env.ContainsKey("LISTEN_FDNAMES"));
        Assert.Equal(["unknown"], ListenFdsEnvironment.Read(name => env.GetValueOrDefault(name), report.GetProperty("pid").GetInt32()).Names);
    }

    private static void AssertDatagramSocket(JsonElement fd, int number, string path, string? queued)
    {
        Assert.Equal(number, fd.GetProperty("fd").GetInt32());
        Assert.Equal(1, fd.GetProperty("family").GetInt32()); // AF_UNIX
        Assert.Equal(2, fd.GetProperty("type").GetInt32()); // SOCK_DGRAM
        Assert.Equal(path, fd.GetProperty("name").GetString());
        Assert.False(fd.GetProperty("cloexec").GetBoolean(), "systemd passes descriptors inheritable; marking them close-on-exec is ours to do");
        Assert.Equal(queued, fd.GetProperty("queued").GetString());
    }

    /// <summary>
    /// Runs systemd-socket-activate, which binds the sockets and waits for traffic before it execs the program, so a
    /// datagram to <paramref name="wake"/> starts the reporter. Returns the reporter's JSON.
    /// </summary>
    private static async Task<JsonElement> ActivateAsync(string[] options, string wake)
    {
        using var tool = ChildProcess.Start("systemd-socket-activate", [.. options, ExternalProcess.Python, "-c", Reporter]);
        await tool.WaitForLineAsync($"Listening on {wake} as");
        using (var client = new UnixDatagramSocket())
        {
            Assert.Equal(SendStatus.Sent, client.SendTo("wake"u8, wake));
        }

        await tool.WaitForExitAsync();
        Assert.True(tool.ExitCode == 0, $"exit {tool.ExitCode}: {tool.StandardError}");
        using var json = JsonDocument.Parse(tool.StandardOutput);
        return json.RootElement.Clone();
    }
}
