using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>
/// A Debian 12 container with systemd 252 as pid 1 (systemd-nspawn -b), the product installed in it by
/// <c>deploy/systemd/install --root</c>. Once per test run: the daemon is published, the cached root is copied, the
/// copy is booted. Commands run inside through nsenter; at the end the container is powered off (killed if it does
/// not go) and the copy removed. See /work/shared recipe in deploy/systemd/README.md ("Tests under a real systemd").
/// </summary>
public sealed partial class SystemdMachine : IAsyncLifetime
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);
    private readonly StringBuilder _console = new();
    private FileLock? _runLock;
    private string? _work;
    private Process? _nspawn;
    private int _init;

    /// <summary>The container's root directory, as the host sees it.</summary>
    public string RootDirectory => Path.Join(_work ?? throw new InvalidOperationException("The machine was not set up."), "root");

    /// <summary>The default configuration the installer put in /etc/dgramd/appsettings.json.</summary>
    public string DefaultConfiguration { get; private set; } = string.Empty;

    private static string MachineName => $"dgramd-test-{Environment.ProcessId}";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Prerequisites.Missing is { } missing)
        {
            if (Prerequisites.OnCi)
            {
                throw new InvalidOperationException("CI=true and a real systemd cannot be booted: " + missing);
            }

            return; // Every test is skipped with the reason.
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        var token = cancel.Token;
        Directory.CreateDirectory(RootfsCache.Directory);
        _runLock = await FileLock.AcquireAsync(Path.Join(RootfsCache.Directory, "run.lock"), TimeSpan.FromMinutes(20), token);
        try
        {
            await SetUpAsync(token);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(CancellationToken token)
    {
        await RemoveLeftoversAsync(token);
        var pristine = await RootfsCache.EnsureAsync(token);
        _work = Path.Join(WorkParent, WorkPrefix + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await RootfsCache.RemoveAsync(_work, token);
        Directory.CreateDirectory(_work);

        var publish = Path.Join(_work, "publish");
        await PublishAsync(publish, Path.Join(_work, "artifacts"), token);
        (await ExternalProcess.RunAsync("cp", ["-a", "--reflink=auto", pristine, RootDirectory], TimeSpan.FromMinutes(5), cancellationToken: token)).EnsureSuccess();
        (await ExternalProcess.RunAsync(RepositoryPaths.File("deploy", "systemd", "install"), ["--root", RootDirectory, "--published", publish, "--syslog"], TimeSpan.FromMinutes(5), cancellationToken: token)).EnsureSuccess();
        DefaultConfiguration = await File.ReadAllTextAsync(HostPath("/etc/dgramd/appsettings.json"), token);
        await BootAsync(token);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        try
        {
            await PowerOffAsync(CancellationToken.None);
        }
        finally
        {
            if (_nspawn is { HasExited: false })
            {
                _nspawn.Kill(entireProcessTree: true);
                await _nspawn.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            }

            _nspawn?.Dispose();
            _nspawn = null;
            if (_work is not null)
            {
                await RootfsCache.RemoveAsync(_work, CancellationToken.None);
                _work = null;
            }

            _runLock?.Dispose();
            _runLock = null;
        }
    }

    private const string WorkParent = "/var/tmp";
    private const string WorkPrefix = "dgramd-systemd-";

    /// <summary>Removes the copies of runs that died without cleaning up (their process is gone; the run lock is ours).</summary>
    private static async Task RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        foreach (var dir in Directory.GetDirectories(WorkParent, WorkPrefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(dir)[WorkPrefix.Length..], out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                await RootfsCache.RemoveAsync(dir, cancellationToken);
            }
        }
    }

    /// <summary>The host's path of a file inside the container.</summary>
    public string HostPath(string containerPath) => Path.Join(RootDirectory, containerPath);

    /// <summary>Whether pid 1 of the container is running.</summary>
    public bool IsBooted => _nspawn is { HasExited: false } && _init > 0;

    /// <summary>What systemd-nspawn printed (the container's console), for failure messages.</summary>
    public string Console
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }

    /// <summary>Boots the copy (again, after a test powered it off) and waits until systemd reports it up.</summary>
    public async Task BootAsync(CancellationToken cancellationToken)
    {
        if (IsBooted)
        {
            return;
        }

        _nspawn?.Dispose();
        var nspawn = Prerequisites.Which("systemd-nspawn")!;
        var info = new ProcessStartInfo(nspawn)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // No host D-Bus or machined here: --register=no and --keep-unit. --private-network: the container's AF_UNIX
        // abstract names and its network are its own.
        foreach (var argument in new[] { "-D", RootDirectory, "-b", "--register=no", "--keep-unit", "--private-network", "--machine=" + MachineName, "--console=read-only", "--quiet" })
        {
            info.ArgumentList.Add(argument);
        }

        _nspawn = new Process { StartInfo = info };
        _nspawn.OutputDataReceived += (_, e) => OnConsole(e.Data);
        _nspawn.ErrorDataReceived += (_, e) => OnConsole(e.Data);
        ForkGate.Spawn(_nspawn.Start);
        _nspawn.StandardInput.Close();
        _nspawn.BeginOutputReadLine();
        _nspawn.BeginErrorReadLine();

        await PollAsync(
            async () =>
            {
                var found = await ExternalProcess.RunAsync("pgrep", ["-P", _nspawn.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-x", "systemd"], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
                _init = found.Succeeded && int.TryParse(found.StandardOutput.Split('\n')[0], out var pid) ? pid : 0;
                return _init > 0 || _nspawn.HasExited;
            },
            BootTimeout,
            "systemd-nspawn to start systemd",
            cancellationToken);
        if (_nspawn.HasExited)
        {
            throw new InvalidOperationException($"systemd-nspawn exited ({_nspawn.ExitCode}) while booting:\n{Console}");
        }

        // "running", or "degraded" if some unit of the minimal root failed; both mean the boot is over. Until
        // systemd has its private bus socket, systemctl cannot ask ("Failed to connect to bus"): ask again.
        CommandResult? state = null;
        await PollAsync(
            async () =>
            {
                state = await RunAsync(["systemctl", "is-system-running", "--wait"], BootTimeout, cancellationToken);
                return state.StandardOutput.Contains("running", StringComparison.Ordinal) || state.StandardOutput.Contains("degraded", StringComparison.Ordinal) || _nspawn.HasExited;
            },
            BootTimeout,
            "the container to finish booting",
            cancellationToken);
        if (_nspawn.HasExited)
        {
            throw new InvalidOperationException($"systemd-nspawn exited ({_nspawn.ExitCode}) while booting: {state}\n{Console}");
        }
    }

    /// <summary>
    /// <c>systemctl poweroff</c> inside, then waits for systemd-nspawn to exit; returns whether it went by itself
    /// within <paramref name="timeout"/> (otherwise pid 1 is killed).
    /// </summary>
    public async Task<bool> PowerOffAsync(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        if (!IsBooted)
        {
            return true;
        }

        var nspawn = _nspawn!;
        var clean = false;
        try
        {
            await RunAsync(["systemctl", "poweroff"], TimeSpan.FromSeconds(30), cancellationToken);
            await nspawn.WaitForExitAsync(cancellationToken).WaitAsync(timeout ?? TimeSpan.FromSeconds(60), cancellationToken);
            clean = true;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await ExternalProcess.RunAsync("kill", ["-KILL", _init.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), cancellationToken: CancellationToken.None);
            await nspawn.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        _init = 0;
        return clean;
    }

    /// <summary>Runs a command inside the container (all of pid 1's namespaces), with a clean environment.</summary>
    public Task<CommandResult> RunAsync(string[] command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!IsBooted)
        {
            throw new InvalidOperationException("The container is not running.\n" + Console);
        }

        string[] arguments =
        [
            "-t", _init.ToString(System.Globalization.CultureInfo.InvariantCulture), "-a",
            "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "SYSTEMD_COLORS=0", "SYSTEMD_PAGER=", "LANG=C.UTF-8",
            .. command,
        ];
        return ExternalProcess.RunAsync("nsenter", arguments, timeout ?? TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task PollAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static string RuntimeIdentifier() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.Arm64 => "linux-arm64",
        _ => "linux-x64",
    };

    /// <summary>Publishes the daemon once for the run, self-contained (the root has no .NET), as the installer would.</summary>
    private static async Task PublishAsync(string output, string artifacts, CancellationToken cancellationToken)
    {
        // The test host runs under 'dotnet test': its MSBuild variables must not leak into a separate build. Its own
        // bin/obj (UDG_ARTIFACTS), so the Release build never shares obj/ with another build of the tree running meanwhile.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBuild", StringComparison.Ordinal) || k is "DOTNET_HOST_PATH" or "VSTEST_HOST_DEBUG")
            .ToDictionary(k => k, _ => (string?)null);
        environment["UDG_ARTIFACTS"] = artifacts;

        // Nor attach to the MSBuild nodes of the 'dotnet test' or of another nested build running beside it (MSB4166).
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        var result = await ExternalProcess.RunAsync(
            "dotnet",
            ["publish", RepositoryPaths.File("src", "Daemon", "App"), "-c", "Release", "-r", RuntimeIdentifier(), "--self-contained", "-o", output, "-nologo", "-v", "quiet", "--disable-build-servers"],
            TimeSpan.FromMinutes(10),
            environment,
            cancellationToken);
        result.EnsureSuccess();
    }

    private void OnConsole(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_console)
        {
            _console.AppendLine(line);
        }
    }
}
