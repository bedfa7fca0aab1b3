using System.Globalization;
using System.Text.Json;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The shipped executable's own log output (stderr; the journal under systemd) under syslog load, with the default
/// appsettings.json: logging never waits for stderr unless its queue is full, and at stop every line is written,
/// in order.
/// </summary>
public sealed class LogOutputExecutableTests
{
    private const int Count = 3000;

    [Fact]
    public async Task Run_StderrNotReadDuringSyslogLoad_EveryMessageHandledThenEveryLineWrittenInOrderAtStop()
    {
        using var dir = new TempDirectory();
        var environment = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path };
        // stderr is a pipe the test reads only when it chooses: 3000 lines (about 400 KB) do not fit in it.
        await using var pipe = await StderrPipe.StartAsync(dir, environment);
        var (daemon, reader, timeout) = (pipe.Daemon, pipe.Reader, pipe.Timeout);

        // From here on stderr is not read. A client no one here wrote sends, one datagram per line, blocking
        // while the socket's queue is full: it finishes only if the daemon keeps handling.
        var messages = dir.File("messages.txt");
        await File.WriteAllLinesAsync(messages, Enumerable.Range(0, Count).Select(i => $"load {i:D6} of the log output test"));
        try
        {
            using var logger = await ChildProcess.RunAsync("logger", ["-u", dir.File("syslog.sock"), "-t", "load", "-p", "user.info", "-f", messages]);
            Assert.True(logger.ExitCode == 0, logger.StandardError);
        }
        catch (TimeoutException ex)
        {
            Assert.Fail($"{Count} messages could not be sent while stderr was not read: handling waits for stderr. {ex.Message}");
        }

        await WaitUntilHandledAsync(environment, "syslog", Count);
        daemon.Signal(SigTerm);

        var written = new List<int>();
        while (await reader.ReadLineAsync(timeout) is { } line)
        {
            var at = line.IndexOf("load ", StringComparison.Ordinal);
            if (at >= 0 && line.AsSpan(at).Contains("of the log output test", StringComparison.Ordinal))
            {
                written.Add(int.Parse(line.AsSpan(at + 5, 6), CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Equal(Enumerable.Range(0, Count), written);
    }

    /// <summary>Asks the control socket (<c>dgramd stats</c>) until the endpoint has handled <paramref name="count"/> datagrams.</summary>
    internal static async Task WaitUntilHandledAsync(Dictionary<string, string> environment, string endpoint, long count)
    {
        var deadline = DateTime.UtcNow + ChildProcess.Timeout;
        long handled;
        do
        {
            var (code, stats) = await DaemonProcess.RunAsync(["stats"], environment);
            Assert.True(code == 0, stats.StandardError);
            using var json = JsonDocument.Parse(stats.StandardOutput);
            handled = json.RootElement.GetProperty("endpoints").GetProperty(endpoint).GetProperty("handled").GetInt64();
        }
        while (handled < count && DateTime.UtcNow < deadline);

        Assert.True(handled == count, $"'{endpoint}' handled {handled} of {count} datagrams while stderr was not read: logging waits for stderr");
    }
}
