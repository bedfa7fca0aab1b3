using System.Globalization;
using System.Text.RegularExpressions;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The shipped executable's stop when its stderr is a pipe read slowly or not at all: the drain of the log queue at
/// exit is bounded by the sink's <c>drainTimeout</c>; what it could not write is counted and reported (exit code 74,
/// <c>STATUS=</c>), and a reader that keeps reading loses nothing.
/// </summary>
public sealed partial class LogDrainExecutableTests
{
    private const int Count = 3000;

    [Fact]
    public async Task Run_StderrNoLongerReadAtSigterm_ExitsAndReportsEventsNotWritten()
    {
        using var dir = new TempDirectory();
        using var notify = new FakeNotifySocket(dir);
        var environment = new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["NOTIFY_SOCKET"] = notify.Path,
            ["Serilog__WriteTo__0__Args__drainTimeout"] = "00:00:01",
        };
        var fifo = await MakeFifoAsync(dir);
        await using var daemon = DaemonProcess.Start(["run"], environment, launcher: ["sh", "-c", "exec \"$@\" 2>\"$0\"", fifo]);
        await using var stderr = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read)).WaitAsync(ChildProcess.Timeout);
        using var reader = new StreamReader(stderr);
        using var timeout = new CancellationTokenSource(ChildProcess.Timeout);
        while (await reader.ReadLineAsync(timeout.Token) is { } line && !line.Contains("Application started", StringComparison.Ordinal))
        {
        }

        // From here on the pipe is open but not read, as behind a stopped pager or a stalled collector: the lines of
        // 3000 syslog messages (about 400 KB) fill it and the rest wait in the daemon's queue.
        await SendSyslogAsync(dir, "stalled");
        await LogOutputExecutableTests.WaitUntilHandledAsync(environment, "syslog", Count);
        daemon.Signal(SigTerm);

        int exitCode;
        try
        {
            exitCode = await daemon.WaitForExitAsync();
        }
        catch (TimeoutException ex)
        {
            Assert.Fail($"SIGTERM did not end the daemon while its stderr was not read: the drain at exit waits for stderr without a bound. {ex.Message}");
            throw;
        }

        Assert.Equal(74, exitCode);
        var statuses = ReceivedStatuses(notify);
        var status = statuses.LastOrDefault(s => s.StartsWith("STATUS=Stopped; log output: ", StringComparison.Ordinal));
        Assert.True(status is not null, "no STATUS= reported the events not written: " + string.Join(" | ", statuses));
        var match = LossPattern().Match(status);
        Assert.True(match.Success, status);
        var notWritten = long.Parse(match.Groups["events"].Value, CultureInfo.InvariantCulture);

        // What did reach the pipe, read now that the daemon is gone: with what it reports as not written, that is
        // every message (an event of the batch being written may be out in part, and is counted as not written).
        var written = await MarkersAsync(reader, "stalled", timeout.Token);
        Assert.InRange(notWritten, 1, long.MaxValue);
        Assert.True(written.Count + notWritten >= Count, $"{written.Count} lines written and {notWritten} reported not written, of {Count}: some were lost without being counted. {status}");
        Assert.Equal(Enumerable.Range(0, written.Count), written);
    }

    [Fact]
    public async Task Run_LogQueueFullAndStderrNotReadAtSigterm_ExitsAndReportsEventsDropped()
    {
        using var dir = new TempDirectory();
        using var notify = new FakeNotifySocket(dir);
        var environment = new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["NOTIFY_SOCKET"] = notify.Path,
            ["Serilog__WriteTo__0__Args__drainTimeout"] = "00:00:01",
            ["Serilog__WriteTo__0__Args__queueCapacity"] = "1000",
        };
        var fifo = await MakeFifoAsync(dir);
        await using var daemon = DaemonProcess.Start(["run"], environment, launcher: ["sh", "-c", "exec \"$@\" 2>\"$0\"", fifo]);
        await using var stderr = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read)).WaitAsync(ChildProcess.Timeout);
        using var reader = new StreamReader(stderr);
        using var timeout = new CancellationTokenSource(ChildProcess.Timeout);
        while (await reader.ReadLineAsync(timeout.Token) is { } line && !line.Contains("Application started", StringComparison.Ordinal))
        {
        }

        // 3000 lines do not fit the pipe and 1000 queued events: the syslog handler waits to log, its endpoint's
        // queue fills, and the client waits in its send. Every line logged from here on, the host's own at stop
        // included, finds the log queue full.
        var messages = dir.File("messages.txt");
        await File.WriteAllLinesAsync(messages, Enumerable.Range(0, Count).Select(i => $"full {i:D6} of the drain test"));
        await using var logger = ChildProcess.Start("logger", ["-u", dir.File("syslog.sock"), "-t", "drain", "-p", "user.info", "-f", messages]);
        await WaitUntilHandlerWaitsAsync(environment, "syslog", logger.WaitForExitAsync());
        daemon.Signal(SigTerm);

        int exitCode;
        try
        {
            exitCode = await daemon.WaitForExitAsync();
        }
        catch (TimeoutException ex)
        {
            Assert.Fail($"SIGTERM did not end the daemon while its log queue was full and stderr not read: logging at stop waits for stderr without a bound. {ex.Message}");
            throw;
        }

        Assert.Equal(74, exitCode);
        var statuses = ReceivedStatuses(notify);
        var status = statuses.LastOrDefault(s => s.StartsWith("STATUS=Stopped; log output: ", StringComparison.Ordinal));
        Assert.True(status is not null, "no STATUS= reported the events not written: " + string.Join(" | ", statuses));
        Assert.InRange(long.Parse(LossPattern().Match(status).Groups["events"].Value, CultureInfo.InvariantCulture), 1, long.MaxValue);
    }

    [Fact]
    public async Task Run_StderrReadSlowlyAtSigterm_EveryLineWrittenAndExitZero()
    {
        using var dir = new TempDirectory();
        using var notify = new FakeNotifySocket(dir);
        var environment = new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["NOTIFY_SOCKET"] = notify.Path,
        };
        var fifo = await MakeFifoAsync(dir);
        await using var daemon = DaemonProcess.Start(["run"], environment, launcher: ["sh", "-c", "exec \"$@\" 2>\"$0\"", fifo]);

        // A reader that keeps reading, slowly (4 KiB, then a pause; about 400 KB/s): a pipe that is full most of the
        // time, and a drain at exit that takes a while, well within drainTimeout's default.
        await using var slow = ChildProcess.Start("python3", ["-c", SlowReader, fifo]);
        await slow.WaitForLineAsync("Application started");
        await SendSyslogAsync(dir, "slow");
        await LogOutputExecutableTests.WaitUntilHandledAsync(environment, "syslog", Count);
        daemon.Signal(SigTerm);

        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Equal(0, await slow.WaitForExitAsync());
        using var output = new StringReader(slow.StandardOutput);
        using var none = new CancellationTokenSource(ChildProcess.Timeout);
        Assert.Equal(Enumerable.Range(0, Count), await MarkersAsync(output, "slow", none.Token));
        Assert.DoesNotContain(ReceivedStatuses(notify), s => s.Contains("not written", StringComparison.Ordinal));
    }

    /// <summary>Reads 4 KiB at a time from the file in argv[1], pausing 10 ms after each, and copies it to stdout.</summary>
    private const string SlowReader = """
        import sys, time
        with open(sys.argv[1], 'rb', buffering=0) as f:
            while True:
                chunk = f.read(4096)
                if not chunk:
                    break
                sys.stdout.buffer.write(chunk)
                sys.stdout.flush()
                time.sleep(0.01)
        """;

    private static async Task<string> MakeFifoAsync(TempDirectory dir)
    {
        var fifo = dir.File("stderr.fifo");
        using var mkfifo = await ChildProcess.RunAsync("mkfifo", [fifo]);
        Assert.True(mkfifo.ExitCode == 0, mkfifo.StandardError);
        return fifo;
    }

    /// <summary><see cref="Count"/> syslog messages through <c>logger -u</c>, each logged by the daemon as one line.</summary>
    private static async Task SendSyslogAsync(TempDirectory dir, string tag)
    {
        var messages = dir.File("messages.txt");
        await File.WriteAllLinesAsync(messages, Enumerable.Range(0, Count).Select(i => $"{tag} {i:D6} of the drain test"));
        using var logger = await ChildProcess.RunAsync("logger", ["-u", dir.File("syslog.sock"), "-t", "drain", "-p", "user.info", "-f", messages]);
        Assert.True(logger.ExitCode == 0, logger.StandardError);
    }

    /// <summary>The message numbers of the complete marker lines left in <paramref name="reader"/>, in order.</summary>
    private static async Task<List<int>> MarkersAsync(TextReader reader, string tag, CancellationToken cancellationToken)
    {
        var markers = new List<int>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var at = line.IndexOf(tag + " ", StringComparison.Ordinal);
            if (at >= 0 && line.AsSpan(at).EndsWith(" of the drain test", StringComparison.Ordinal))
            {
                markers.Add(int.Parse(line.AsSpan(at + tag.Length + 1, 6), CultureInfo.InvariantCulture));
            }
        }

        return markers;
    }

    /// <summary>
    /// Asks the control socket until the endpoint's handled count stays the same between two answers while the client
    /// still has datagrams to send (its send waits): the handler is waiting, and the <c>syslog</c> handler waits only
    /// to log, for room in a full log queue.
    /// </summary>
    private static async Task WaitUntilHandlerWaitsAsync(Dictionary<string, string> environment, string endpoint, Task client)
    {
        var deadline = DateTime.UtcNow + ChildProcess.Timeout;
        long previous = -1;
        while (true)
        {
            var (code, stats) = await DaemonProcess.RunAsync(["stats"], environment);
            Assert.True(code == 0, stats.StandardError);
            using var json = System.Text.Json.JsonDocument.Parse(stats.StandardOutput);
            var handled = json.RootElement.GetProperty("endpoints").GetProperty(endpoint).GetProperty("handled").GetInt64();
            Assert.False(client.IsCompleted, $"the client sent every message ({handled} handled): the log queue never filled");
            if (handled > 0 && handled == previous)
            {
                return;
            }

            previous = handled;
            Assert.True(DateTime.UtcNow < deadline, $"'{endpoint}' kept handling ({handled}) while stderr was not read");
        }
    }

    private static List<string> ReceivedStatuses(FakeNotifySocket notify)
    {
        var statuses = new List<string>();
        while (notify.TryReceive() is { } datagram)
        {
            statuses.AddRange(datagram.Split('\n').Where(l => l.StartsWith("STATUS=", StringComparison.Ordinal)));
        }

        return statuses;
    }

    [GeneratedRegex(@"log output: (?<events>\d+) events \((?<bytes>\d+) bytes\) not written")]
    private static partial Regex LossPattern();
}
