using System.Runtime.CompilerServices;

namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>The repository (for deploy/systemd/install and the daemon's project), found from this file's compile-time path.</summary>
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

        throw new InvalidOperationException($"The repository root (with Daemon.sln) was not found above {sourceFile}.");
    }
}
