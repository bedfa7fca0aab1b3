namespace UnixDatagram.Hosting.Tests.App;

public sealed class SendCommandCountTests
{
    [Fact]
    public async Task SendCount_GeneratedDatagrams_StartWithTheirSequenceNumberCutToSize()
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        await using var listen = DaemonProcess.Start(["listen", path, "--count", "12"]);
        await listen.WaitForLineAsync("bound to " + path);

        var (code, send) = await DaemonProcess.RunAsync(["send", path, "--count", "12", "--size", "3"]);

        Assert.True(code == 0, send.StandardError);
        Assert.Equal(0, await listen.WaitForExitAsync());
        string[] expected = ["0xx", "1xx", "2xx", "3xx", "4xx", "5xx", "6xx", "7xx", "8xx", "9xx", "10x", "11x"];
        Assert.Equal(expected.Select(d => "(unnamed): " + d), listen.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("x", 1, "sent 1 datagram (1 byte) to ", "received 1 datagram in ")]
    [InlineData("hello", 1, "sent 1 datagram (5 bytes) to ", "received 1 datagram in ")]
    [InlineData("x", 2, "sent 2 datagrams (2 bytes) to ", "received 2 datagrams in ")]
    public async Task Send_ToQuietListen_BothCountInTheSingularForOne(string text, int count, string sent, string received)
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        var n = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var listen = DaemonProcess.Start(["listen", path, "--count", n, "--quiet"]);
        await listen.WaitForLineAsync("bound to " + path);

        var (code, send) = await DaemonProcess.RunAsync(["send", path, text, "--count", n]);

        Assert.True(code == 0, send.StandardError);
        Assert.StartsWith(sent + path + " in ", send.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, await listen.WaitForExitAsync());
        Assert.StartsWith(received, listen.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x", "--size", "10")]
    [InlineData("--size", "100")]
    public async Task Send_SizeWithTextOrStandardInput_RefusedAsUsageSendingNothing(params string[] arguments)
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        using var receiver = TestSockets.Bound(path);

        var (code, send) = await DaemonProcess.RunAsync(["send", path, .. arguments]);

        Assert.Equal(64, code); // sysexits EX_USAGE
        Assert.Contains("--size applies only to generated datagrams (--count N without TEXT)", send.StandardError, StringComparison.Ordinal);
        Assert.False(receiver.TryReceive(new byte[16], out _), "a datagram was sent");
    }

    [Fact]
    public async Task Send_GeneratedDatagramLargerThanTheSendBuffer_SaysTheLimitWithoutTheLibrarysAdvice()
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        using var receiver = TestSockets.Bound(path);

        var (code, send) = await DaemonProcess.RunAsync(["send", path, "--count", "1", "--size", "4000000"]);

        Assert.Equal(1, code);
        Assert.Contains("dgramd send: the datagram of 4000000 bytes is larger than a datagram socket here can send", send.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("SendBufferSize", send.StandardError, StringComparison.Ordinal);
    }

    private const string Burst = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sent = 0
        for i in range(3):
            try:
                s.sendto(b'm%d' % i, sys.argv[1])
                sent += 1
            except OSError:
                break
        print(sent)
        """;

    [Fact]
    public async Task Listen_MoreQueuedThanItsCount_SaysHowManyWereReadAtStopNotPrinted()
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        await using var listen = DaemonProcess.Start(["listen", path, "--count", "1"]);
        await listen.WaitForLineAsync("bound to " + path);

        // The second and third usually reach the queue before the first one's stop refuses more (EPIPE); either way,
        // each one the kernel accepted is accounted for.
        var burst = await ExternalProcess.PythonAsync(Burst, path);
        Assert.True(burst.ExitCode == 0, burst.StandardError);
        var accepted = int.Parse(burst.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(0, await listen.WaitForExitAsync());
        Assert.Equal("(unnamed): m0", listen.StandardOutput.Trim());
        if (accepted > 1)
        {
            Assert.Contains($"dgramd listen: {accepted - 1} more datagram", listen.StandardError, StringComparison.Ordinal);
            Assert.Contains("arrived after the first 1 and", listen.StandardError, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("more datagram", listen.StandardError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Listen_StoppedBeforeItsOneDatagram_SaysDatagramInTheSingular()
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        await using var listen = DaemonProcess.Start(["listen", path, "--count", "1"]);
        await listen.WaitForLineAsync("bound to " + path);

        listen.Signal(SigTerm);

        Assert.Equal(1, await listen.WaitForExitAsync());
        Assert.Contains("dgramd listen: stopped after 0 of 1 datagram\n", listen.StandardError.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
