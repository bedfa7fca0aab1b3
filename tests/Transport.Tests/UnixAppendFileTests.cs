namespace UnixDatagram.Transport.Tests;

/// <summary><see cref="UnixAppendFile"/> on real files: what it follows, what it refuses, and that it appends.</summary>
public sealed class UnixAppendFileTests : IDisposable
{
    private static readonly UnixFileMode Mode0640 = (UnixFileMode)Convert.ToInt32("0640", 8);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_ExistingFile_AppendsAfterItsContent()
    {
        File.WriteAllText(_dir.File("x.log"), "one\n");

        using (var stream = new FileStream(UnixAppendFile.Open(_dir.File("x.log"), Mode0640), FileAccess.Write, 0))
        {
            stream.Write("two\n"u8);
        }

        Assert.Equal("one\ntwo\n", File.ReadAllText(_dir.File("x.log")));
    }

    [Fact]
    public void Open_SymbolicLinkAtTheName_RefusedNamingPathOwnerAndWhy()
    {
        File.WriteAllText(_dir.File("target"), "kept\n");
        File.CreateSymbolicLink(_dir.File("x.log"), _dir.File("target"));

        var error = Assert.Throws<UnixFileException>(() => UnixAppendFile.Open(_dir.File("x.log"), Mode0640));

        Assert.Equal(_dir.File("x.log"), error.FilePath);
        Assert.StartsWith($"'{_dir.File("x.log")}' (owner uid 0, mode 0777) is a symbolic link: a log file is never opened through a symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Equal("kept\n", File.ReadAllText(_dir.File("target")));
    }

    [Fact]
    public async Task Open_FifoWithoutReader_RefusedAtOnceInsteadOfBlocking()
    {
        await ExternalProcess.RunCheckedAsync("mkfifo", [_dir.File("x.log")]);

        var error = await Task.Run(() => Assert.Throws<UnixFileException>(() => UnixAppendFile.Open(_dir.File("x.log"), Mode0640))).WaitAsync(TestWait.Timeout);

        Assert.Contains("is a FIFO (named pipe): a log file must be a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DirectoryOwnedByAnotherUser_RefusedNamingItsOwner()
    {
        var logs = Directory.CreateDirectory(_dir.File("logs")).FullName;
        File.SetUnixFileMode(logs, (UnixFileMode)Convert.ToInt32("0755", 8));
        ChownNoFollow(logs, ExternalProcess.Nobody);

        var error = Assert.Throws<UnixDirectoryException>(() => UnixAppendFile.Open(Path.Join(logs, "x.log"), Mode0640));

        Assert.Contains($"the directory '{logs}' (owner uid {ExternalProcess.Nobody}, mode 0755) is owned by another user", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(logs, "x.log")));
    }

    [Fact]
    public void Open_DirectoryThroughRootsSymbolicLink_FollowedAsSystemdLogsDirectoryWithDynamicUser()
    {
        // LogsDirectory= with DynamicUser=yes: /var/log/app is root's link to private/app.
        Directory.CreateDirectory(_dir.File("private/app"));
        File.CreateSymbolicLink(_dir.File("app"), "private/app");

        using (UnixAppendFile.Open(_dir.File("app/x.log"), Mode0640))
        {
        }

        Assert.True(File.Exists(_dir.File("private/app/x.log")));
    }

    [Fact]
    public void Open_DirectoryThroughAnotherUsersSymbolicLink_Refused()
    {
        Directory.CreateDirectory(_dir.File("private/app"));
        File.CreateSymbolicLink(_dir.File("app"), "private/app");
        ChownNoFollow(_dir.File("app"), ExternalProcess.Nobody);

        var error = Assert.Throws<UnixDirectoryException>(() => UnixAppendFile.Open(_dir.File("app/x.log"), Mode0640));

        Assert.Contains($"'{_dir.File("app")}' is a symbolic link or not a directory", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("private/app/x.log")));
    }

    [Fact]
    public void Check_RegularFileOrNone_PassesAndCreatesNothing()
    {
        File.WriteAllText(_dir.File("x.log"), "x");

        UnixAppendFile.Check(_dir.File("x.log"));
        UnixAppendFile.Check(_dir.File("new.log"));

        Assert.Equal(["x.log"], _dir.Entries());
    }

    private static void ChownNoFollow(string path, uint owner) =>
        ExternalProcess.RunCheckedAsync("chown", ["-h", $"{owner}:{owner}", path]).GetAwaiter().GetResult();
}
