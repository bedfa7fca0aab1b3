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
