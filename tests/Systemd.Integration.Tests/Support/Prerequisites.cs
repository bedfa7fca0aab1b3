namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>
/// What booting a container needs: root, and systemd-nspawn, nsenter and debootstrap (for the cached root).
/// On CI (<c>CI=true</c>) nothing is ever skipped: a missing prerequisite fails the tests, since .ci/run installs them.
/// </summary>
internal static class Prerequisites
{
    private static readonly string[] Tools = ["systemd-nspawn", "nsenter", "debootstrap", "cp", "pgrep"];

    public static bool OnCi { get; } = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the suite cannot run here; null when it can.</summary>
    public static string? Missing { get; } = FindMissing();

    /// <summary>Whether the tests run (and boot the container): when nothing is missing, and always on CI, where they then fail.</summary>
    public static bool TestsRun => Missing is null || OnCi;

    private static string? FindMissing()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "not running as root (systemd-nspawn needs root)";
        }

        var missing = Tools.Where(t => Which(t) is null).ToArray();
        return missing.Length == 0 ? null : $"not installed: {string.Join(", ", missing)} (.ci/run installs systemd-container and debootstrap)";
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH (plus the sbin directories root has), or null.</summary>
    public static string? Which(string tool)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty) + ":/usr/local/sbin:/usr/sbin:/sbin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, tool))
            .FirstOrDefault(File.Exists);
    }
}
