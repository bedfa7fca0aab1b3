namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// <c>dgramd send</c> to a path that is no socket: the kernel answers ECONNREFUSED as it does for a stale socket
/// (unix(7)), and the message says what the path really is.
/// </summary>
public sealed class SendCommandNotASocketTests
{
    [Theory]
    [InlineData("file", "a regular file")]
    [InlineData("directory", "a directory")]
    [InlineData("fifo", "a FIFO (named pipe)")]
    [InlineData("/dev/null", "a character device")]
    public async Task Send_PathIsNotASocket_FailsSayingWhatItIs(string kind, string what)
    {
        using var dir = new TempDirectory();
        var path = kind switch
        {
            "file" => dir.File("passwd"),
            "directory" => Directory.CreateDirectory(dir.File("sub")).FullName,
            "fifo" => dir.File("fifo"),
            _ => kind,
        };
        if (kind == "file")
        {
            await File.WriteAllTextAsync(path, "root:x:0:0::/root:/bin/sh\n");
        }
        else if (kind == "fifo")
        {
            await ExternalProcess.RunCheckedAsync("mkfifo", path);
        }

        var (code, send) = await DaemonProcess.RunAsync(["send", path, "hi"]);

        Assert.NotEqual(0, code);
        Assert.Contains($"connect '{path}' failed: ECONNREFUSED: '{path}' is {what} (owner uid 0), not a socket", send.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing is receiving", send.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_StaleSocketFile_FailsSayingNothingIsReceiving()
    {
        using var dir = new TempDirectory();
        var path = dir.File("stale.sock");
        // Python binds and exits: the socket file stays, with nobody behind it.
        Assert.Equal(0, (await ExternalProcess.PythonAsync("import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind(sys.argv[1])", path)).ExitCode);

        var (code, send) = await DaemonProcess.RunAsync(["send", path, "hi"]);

        Assert.NotEqual(0, code);
        Assert.Contains($"nothing is receiving at '{path}' (the socket file exists but no process has it open)", send.StandardError, StringComparison.Ordinal);
    }
}
