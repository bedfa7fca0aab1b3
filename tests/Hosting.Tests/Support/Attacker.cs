namespace UnixDatagram.Hosting.Tests;

/// <summary>Another user (uid and gid 65534, no supplementary groups) through <c>setpriv</c>: root bypasses permissions, an attacker does not.</summary>
internal static class Attacker
{
    public const uint UserId = ExternalProcess.Nobody;

    /// <summary>Runs <paramref name="command"/> as the attacker to completion; fails the test if it fails.</summary>
    public static Task RunAsync(params string[] command) => ExternalProcess.RunCheckedAsync("setpriv", [.. ExternalProcess.AsNobody, .. command]);

    /// <summary>Starts <paramref name="command"/> as the attacker.</summary>
    public static ChildProcess Start(params string[] command) => ChildProcess.Start("setpriv", [.. ExternalProcess.AsNobody, .. command]);

    /// <summary>A directory like <c>/tmp</c>: root's, mode 1777, so that the attacker can create entries in it.</summary>
    public static TempDirectory SharedTemp()
    {
        var dir = new TempDirectory();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)Convert.ToInt32("1777", 8));
        return dir;
    }
}
