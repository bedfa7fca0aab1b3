using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Cli;

/// <summary>
/// The commands that talk to a socket and believe its answer (<c>health</c>, <c>stats</c>, <c>reload</c>,
/// <c>send --reply</c>) refuse another user's socket in a sticky directory such as <c>/tmp</c>, as forward targets do:
/// whoever bound it there would answer in the daemon's place.
/// </summary>
public sealed class ClientTrustTests
{
    /// <summary>argv: path. Binds there, says <c>bound</c>, answers every datagram with a Healthy document and prints <c>got TEXT</c>.</summary>
    private const string FakeControl = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(sys.argv[1])
        print('bound', flush=True)
        while True:
            data, requester = s.recvfrom(256)
            print('got ' + data.decode(errors='replace'), flush=True)
            if requester:
                s.sendto(b'{"status": "Healthy", "entries": {}}', requester)
        """;

    [Theory]
    [InlineData("health")]
    [InlineData("stats")]
    [InlineData("reload")]
    public async Task Command_AnotherUsersSocketInStickyDirectory_RefusedNamingItsOwner(string command)
    {
        using var shared = Attacker.SharedTemp();
        var control = shared.File("control.sock");
        await using var fake = Attacker.Start(ExternalProcess.Python, "-c", FakeControl, control);
        await fake.WaitForLineAsync("bound");

        var (code, cli) = await DaemonProcess.RunAsync([command, "--control", control, "--timeout", "5"]);

        Assert.True(code == 77, cli.StandardError);
        Assert.Empty(cli.StandardOutput.Trim());
        var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"dgramd {command}: not asking '{control}', whose answer could be anyone's: '{control}' (owner uid {Attacker.UserId}, mode ", line, StringComparison.Ordinal);
        Assert.Contains("RuntimeDirectory=", line, StringComparison.Ordinal);
        await AssertNothingSentAsync(fake, control);
    }

    [Fact]
    public async Task SendReply_AnotherUsersSocketInStickyDirectory_RefusedNamingItsOwner()
    {
        using var shared = Attacker.SharedTemp();
        var peer = shared.File("echo.sock");
        await using var fake = Attacker.Start(ExternalProcess.Python, "-c", FakeControl, peer);
        await fake.WaitForLineAsync("bound");

        var (code, send) = await DaemonProcess.RunAsync(["send", peer, "secret", "--reply", "--timeout", "5"]);

        Assert.True(code == 77, send.StandardError);
        Assert.Empty(send.StandardOutput.Trim());
        Assert.Contains($"dgramd send: not sending to '{peer}', which could be anyone's: '{peer}' (owner uid {Attacker.UserId}, mode ", send.StandardError, StringComparison.Ordinal);
        await AssertNothingSentAsync(fake, peer);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("stats")]
    [InlineData("reload")]
    [InlineData("send")]
    public async Task Command_SocketInADirectoryAnotherUserOwns_RefusedInTheClientsWordsNamingPathAndOwner(string command)
    {
        using var shared = Attacker.SharedTemp();
        var control = shared.File("nest/control.sock");
        await using var fake = await BindInAttackersDirectoryAsync(control);

        var refused = await DaemonProcess.RunAsync(command == "send" ? ["send", control, "secret"] : [command, "--control", control, "--timeout", "5"]);

        AssertRefusedInClientsWords(refused, command, control);
        await AssertNothingSentAsync(fake, control);
    }

    [Fact]
    public async Task Send_EndpointInASocketDirectoryAnotherUserOwns_RefusedInTheClientsWordsNamingPathAndOwner()
    {
        using var shared = Attacker.SharedTemp();
        var ingest = shared.File("nest/ingest.sock");
        await using var fake = await BindInAttackersDirectoryAsync(ingest);

        var refused = await DaemonProcess.RunAsync(["send", "ingest", "secret"], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = Path.GetDirectoryName(ingest)! });

        AssertRefusedInClientsWords(refused, "send", ingest);
        await AssertNothingSentAsync(fake, ingest);
    }

    [Fact]
    public async Task Health_RootsOwnSocketInStickyDirectory_Asked()
    {
        using var shared = Attacker.SharedTemp();
        var control = shared.File("control.sock");
        await using var fake = ChildProcess.Start(ExternalProcess.Python, ["-c", FakeControl, control]);
        await fake.WaitForLineAsync("bound");

        var (code, health) = await DaemonProcess.RunAsync(["health", "--control", control, "--timeout", "5"]);

        Assert.True(code == 0, health.StandardError);
        await fake.WaitForLineAsync("got health");
    }

    /// <summary>The attacker makes a directory of its own (0755) for <paramref name="socket"/> and binds the fake there.</summary>
    private static async Task<ChildProcess> BindInAttackersDirectoryAsync(string socket)
    {
        await Attacker.RunAsync("mkdir", "-m", "0755", Path.GetDirectoryName(socket)!);
        var fake = Attacker.Start(ExternalProcess.Python, "-c", FakeControl, socket);
        try
        {
            await fake.WaitForLineAsync("bound");
            return fake;
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    /// <summary>Exit 77, one line that says what this command would not use and why, and nothing of a daemon keeping files there.</summary>
    private static void AssertRefusedInClientsWords((int ExitCode, ChildProcess Process) refused, string command, string socket)
    {
        var (code, cli) = refused;
        Assert.True(code == 77, cli.StandardError);
        Assert.Empty(cli.StandardOutput.Trim());
        var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var directory = Path.GetDirectoryName(socket);
        Assert.StartsWith($"dgramd {command}: not {(command == "send" ? "sending to" : "asking")} '{socket}': the directory '{directory}' (owner uid {Attacker.UserId}, mode 0755) is owned by another user: ", line, StringComparison.Ordinal);
        Assert.Contains("so this command does not trust it", line, StringComparison.Ordinal);
        Assert.Contains("(the user running this command)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("the daemon keeps", line, StringComparison.Ordinal);
        Assert.DoesNotContain("this process", line, StringComparison.Ordinal);
    }

    /// <summary>The socket's queue is in order: a probe sent now is the first thing it receives if the command sent nothing.</summary>
    private static async Task AssertNothingSentAsync(ChildProcess fake, string path)
    {
        using var probe = new UnixDatagramSocket();
        probe.Connect(path);
        probe.Send("probe"u8);
        await fake.WaitForLineAsync("got probe");
        Assert.DoesNotContain("got health", fake.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("got stats", fake.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("got reload", fake.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("got secret", fake.StandardOutput, StringComparison.Ordinal);
    }
}
