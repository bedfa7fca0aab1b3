namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>
/// A pristine Debian 12 root with systemd, cached between runs in <c>/var/cache/dgramd-systemd-tests/rootfs</c>
/// (<c>DGRAMD_SYSTEMD_TEST_CACHE</c> moves it). Built with debootstrap when missing, into a temporary directory that
/// is renamed into place only when complete, so an interrupted build never passes for a root.
/// </summary>
internal static class RootfsCache
{
    private static readonly string[] Packages = ["systemd", "systemd-sysv", "dbus", "util-linux", "bsdutils", "libicu72"];

    /// <summary>Files a usable root has; checked, since a cache can be damaged.</summary>
    private static readonly string[] Required = ["usr/lib/systemd/systemd", "usr/bin/systemctl", "usr/bin/journalctl", "usr/bin/logger", "usr/bin/dbus-daemon"];

    public static string Directory { get; } = Environment.GetEnvironmentVariable("DGRAMD_SYSTEMD_TEST_CACHE") is { Length: > 0 } dir ? dir : "/var/cache/dgramd-systemd-tests";

    public static string Root => Path.Join(Directory, "rootfs");

    public static async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var buildLock = await FileLock.AcquireAsync(Path.Join(Directory, "build.lock"), TimeSpan.FromMinutes(20), cancellationToken);
        if (IsComplete(Root))
        {
            return Root;
        }

        var building = Path.Join(Directory, $"rootfs.building-{Environment.ProcessId}");
        await RemoveAsync(building, cancellationToken);
        var result = await ExternalProcess.RunAsync(
            "debootstrap",
            ["--variant=minbase", "--include=" + string.Join(',', Packages), "bookworm", building, Mirror()],
            TimeSpan.FromMinutes(15),
            cancellationToken: cancellationToken);
        if (!result.Succeeded || !IsComplete(building))
        {
            await RemoveAsync(building, cancellationToken);
            throw new InvalidOperationException($"debootstrap could not build the Debian 12 root: {result}");
        }

        if (System.IO.Directory.Exists(Root))
        {
            // Incomplete: moved aside first, so the rename below is the only moment the root appears.
            var damaged = Root + ".damaged-" + Environment.ProcessId;
            System.IO.Directory.Move(Root, damaged);
            await RemoveAsync(damaged, cancellationToken);
        }

        System.IO.Directory.Move(building, Root);
        return Root;
    }

    private static bool IsComplete(string root) => Required.All(f => File.Exists(Path.Join(root, f)));

    /// <summary>The Debian mirror apt on this machine uses, else deb.debian.org.</summary>
    private static string Mirror()
    {
        foreach (var (file, prefix) in new[] { ("/etc/apt/sources.list.d/debian.sources", "URIs:"), ("/etc/apt/sources.list", "deb ") })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file))
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var uri = trimmed[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(u => u.StartsWith("http", StringComparison.Ordinal));
                    if (uri is not null && uri.Contains("debian", StringComparison.Ordinal) && !uri.Contains("security", StringComparison.Ordinal))
                    {
                        return uri;
                    }
                }
            }
        }

        return "http://deb.debian.org/debian";
    }

    internal static async Task RemoveAsync(string path, CancellationToken cancellationToken)
    {
        if (System.IO.Directory.Exists(path))
        {
            // rm, not Directory.Delete: a root holds device nodes and files only root may touch, and --one-file-system
            // keeps it from following a mount that a crashed container left behind.
            (await ExternalProcess.RunAsync("rm", ["-rf", "--one-file-system", path], TimeSpan.FromMinutes(5), cancellationToken: cancellationToken)).EnsureSuccess();
        }
    }
}
