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
}
