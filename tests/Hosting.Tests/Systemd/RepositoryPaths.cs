using System.Runtime.CompilerServices;

namespace UnixDatagram.Hosting.Tests.Systemd;

/// <summary>
/// Files of the repository the tests check (the systemd units). Found from this source file's compile-time path,
/// since build output may live outside the tree (UDG_ARTIFACTS).
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Join([Root, .. parts]);

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = start; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                if (System.IO.File.Exists(Path.Join(dir, "Daemon.sln")))
                {
                    return dir;
                }
            }
        }

        throw new InvalidOperationException($"The repository root (with Daemon.sln) was not found above {sourceFile}, {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}.");
    }
}
