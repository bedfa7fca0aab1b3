
namespace UnixDatagram.Hosting.Tests.Options;

/// <summary>
/// Fail closed, kind 2: a socket directory another user can write to (or owns, or points to with a symbolic link)
/// could hold that user's sockets; the daemon refuses it, naming it, its owner and its mode, and the CLI will not
/// trust what it finds there.
/// </summary>
public sealed class SocketDirectoryTests
{
    /// <summary>Serves a forged 'Healthy' on control.sock and records what reaches ingest.sock, in the directory argv[1].</summary>
    private const string ForgedDaemon = """
        import os, select, socket, sys
        d = sys.argv[1]
        socks = {}
        for name in ('control.sock', 'ingest.sock'):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(os.path.join(d, name))
            os.chmod(os.path.join(d, name), 0o777)
            socks[s] = name
        print('ready', flush=True)
        while True:
            for s in select.select(list(socks), [], [])[0]:
                data, sender = s.recvfrom(65536)
                if socks[s] == 'control.sock':
                    if sender:
                        s.sendto(b'{"status":"Healthy","entries":{}}', sender)
                else:
                    print('GOT ' + data.decode(errors='replace'), flush=True)
        """;

    [Fact]
    public async Task Run_AttackerPrecreatedFallbackDirectory_DaemonRefusesAndCliDoesNotTrustIt()
    {
        using var shared = Attacker.SharedTemp();
        var taken = shared.File("dgramd-0");
        await Attacker.RunAsync("mkdir", "-m", "0777", taken);
        await using var forged = Attacker.Start(ExternalProcess.Python, "-c", ForgedDaemon, taken);
        await forged.WaitForLineAsync("ready");
        var env = FallbackEnvironment(shared.Path);

        var (code, daemon) = await DaemonProcess.RunAsync(["run"], env);
        Assert.NotEqual(0, code);
        Assert.Contains($"'{taken}' (owner uid 65534, mode 0777)", daemon.StandardError, StringComparison.Ordinal);

        var (healthCode, health) = await DaemonProcess.RunAsync(["health"], env);
        Assert.Equal(77, healthCode);
        Assert.DoesNotContain("Healthy", health.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(taken, health.StandardError, StringComparison.Ordinal);

        var (sendCode, send) = await DaemonProcess.RunAsync(["send", "ingest", "SECRET"], env);
        Assert.Equal(77, sendCode);
        Assert.Contains("owner uid 65534", send.StandardError, StringComparison.Ordinal);
        forged.Signal(SigTerm);
        await forged.WaitForExitAsync();
        Assert.DoesNotContain("SECRET", forged.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SocketDirectoryOwnedByAnotherUser_FailsNamingOwnerAndMode()
    {
        using var shared = Attacker.SharedTemp();
        var theirs = shared.File("sockets");
        await Attacker.RunAsync("mkdir", "-m", "0700", theirs);

        var error = await StartWithSocketDirectoryAsync(theirs);

        Assert.Contains($"'{theirs}' (owner uid 65534, mode 0700) is owned by another user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SocketDirectoryIsAttackersSymbolicLink_Fails()
    {
        using var shared = Attacker.SharedTemp();
        var link = shared.File("sockets");
        await Attacker.RunAsync("mkdir", "-m", "0755", shared.File("theirs"));
        await Attacker.RunAsync("ln", "-s", shared.File("theirs"), link);

        var error = await StartWithSocketDirectoryAsync(link);

        Assert.Contains($"'{link}' is a symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(shared.File("theirs")));
    }

    [Fact]
    public async Task StartAsync_RootsSocketDirectoryWritableByOthers_FailsNamingMode()
    {
        using var shared = new TempDirectory();
        var open = shared.File("sockets");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)Convert.ToInt32("0777", 8));

        var error = await StartWithSocketDirectoryAsync(open);

        Assert.Contains($"'{open}' (owner uid 0, mode 0777) is writable by group or others", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ParentWritableByOthersNotSticky_FailsNamingTheParent()
    {
        using var shared = new TempDirectory();
        var parent = shared.File("open");
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, (UnixFileMode)Convert.ToInt32("0777", 8));
        var sockets = Directory.CreateDirectory(Path.Join(parent, "sockets"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;

        var error = await StartWithSocketDirectoryAsync(sockets);

        Assert.Contains($"'{parent}' (owner uid 0, mode 0777) is writable by group or others", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FallbackDirectory_CreatedPrivateAndRemovedAtStop()
    {
        using var shared = Attacker.SharedTemp();
        var own = shared.File("dgramd-0");
        await using (var daemon = DaemonProcess.Start(["run"], FallbackEnvironment(shared.Path)))
        {
            await daemon.WaitForLineAsync("Application started");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(own));
            Assert.True(File.Exists(Path.Join(own, "ingest.sock")));
            daemon.Signal(SigTerm);
            Assert.Equal(0, await daemon.WaitForExitAsync());
        }

        Assert.False(Directory.Exists(own));
    }

    /// <summary>No systemd or XDG runtime directory: the daemon falls back to $TMPDIR/dgramd-&lt;uid&gt;.</summary>
    internal static Dictionary<string, string> FallbackEnvironment(string tmp) => new()
    {
        ["TMPDIR"] = tmp,
        ["XDG_RUNTIME_DIR"] = string.Empty,
        ["RUNTIME_DIRECTORY"] = string.Empty,
    };

    private static async Task<EndpointBindException> StartWithSocketDirectoryAsync(string socketDirectory)
    {
        var config = EndpointConfig.Endpoint("ingest", "in.sock", ["record"]);
        config["Daemon:SocketDirectory"] = socketDirectory;
        await using var daemon = ListenerHost.Create(config, ("record", new RecordingHandler()));
        var error = await Assert.ThrowsAsync<EndpointBindException>(daemon.StartAsync);
        Assert.Contains("Daemon:Endpoints:0:Path", error.Message, StringComparison.Ordinal);
        return error;
    }
}
