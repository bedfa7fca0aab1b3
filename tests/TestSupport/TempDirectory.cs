namespace UnixDatagram.TestSupport;

/// <summary>
/// A per-test directory for socket files (mode 0700, as <see cref="Directory.CreateTempSubdirectory"/> makes it),
/// removed with everything in it.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a fresh directory under the system's temp directory.</summary>
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("udg-").FullName;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the directory.</summary>
    public string File(string name) => System.IO.Path.Join(Path, name);

    /// <summary>Lets other users reach files inside (0711), for tests that run a client as another user.</summary>
    public TempDirectory OpenToOthers()
    {
        System.IO.File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return this;
    }

    /// <summary>The names left in the directory.</summary>
    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    /// <summary>Removes the directory and everything in it.</summary>
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
