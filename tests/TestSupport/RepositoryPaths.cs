using System.Runtime.CompilerServices;

namespace UnixDatagram.TestSupport;

/// <summary>
/// Files of the repository the tests use (the systemd units, the solution, the projects to publish). Found from this source file's compile-time path,
/// since build output may live outside the tree (UDG_ARTIFACTS).
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The directory that holds <c>Daemon.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The path of <paramref name="parts"/> below <see cref="Root"/>.</summary>
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
