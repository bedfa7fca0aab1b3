namespace UnixDatagram.Transport.Tests;

/// <summary>A per-test directory for socket files (mode 0700, as <see cref="Directory.CreateTempSubdirectory"/> makes it).</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("udg-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Join(Path, name);

    /// <summary>Lets other users reach files inside (0711), for tests that run a client as another user.</summary>
    public TempDirectory OpenToOthers()
    {
        System.IO.File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return this;
    }

    /// <summary>The names left in the directory.</summary>
    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
