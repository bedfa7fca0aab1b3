using System.Globalization;
using System.Text.RegularExpressions;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The shipped executable's stop when its stderr is a pipe read slowly or not at all: the waits for stderr at stop are
/// bounded by the sink's <c>drainTimeout</c>; what could not be written is counted and reported (exit code 74,
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
        var environment = Environment(dir, notify, ("drainTimeout", "00:00:01"));
        await using var pipe = await StderrPipe.StartAsync(dir, environment);

        // From here on the pipe is open but not read, as behind a stopped pager or a stalled collector: the lines of
        // 3000 syslog messages (about 400 KB) fill it and the rest wait in the daemon's queue.
        var messages = await MessagesAsync(dir, "stalled");
        using (var logger = await ChildProcess.RunAsync("logger", Logger(dir, messages)))
        {
            Assert.True(logger.ExitCode == 0, logger.StandardError);
        }

        await LogOutputExecutableTests.WaitUntilHandledAsync(environment, "syslog", Count);
        var notWritten = await StopAndReadLossAsync(pipe.Daemon, notify, "its stderr was not read: the drain at exit waits for stderr without a bound");

        // What did reach the pipe, read now that the daemon is gone: with what it reports as not written, that is
        // every message (an event of the batch being written may be out in part, and is counted as not written).
        var written = await MarkersAsync(pipe.Reader, "stalled", pipe.Timeout);
        Assert.True(written.Count + notWritten >= Count, $"{written.Count} lines written and {notWritten} reported not written, of {Count}: some were lost without being counted");
        Assert.Equal(Enumerable.Range(0, written.Count), written);
    }

    [Fact]
    public async Task Run_LogQueueFullAndStderrNotReadAtSigterm_ExitsAndReportsEventsDropped()
    {
        using var dir = new TempDirectory();
        using var notify = new FakeNotifySocket(dir);
        var environment = Environment(dir, notify, ("drainTimeout", "00:00:01"), ("queueCapacity", "1000"), ("stallTimeout", "00:10:00"));
        await using var pipe = await StderrPipe.StartAsync(dir, environment);

        // 3000 lines do not fit the pipe and 1000 queued events: the syslog handler waits to log, and the client
        // waits in its send. Every line logged from here on, the host's own at stop included, finds the queue full.
        var messages = await MessagesAsync(dir, "full");
        await using var logger = ChildProcess.Start("logger", Logger(dir, messages));
        await WaitUntilHandlerWaitsAsync(environment, "syslog", logger.WaitForExitAsync());
        await StopAndReadLossAsync(pipe.Daemon, notify, "its log queue was full and stderr not read: logging at stop waits for stderr without a bound");
    }

    [Fact]
    public async Task Run_StderrNotReadWhileTheLogQueueIsFull_EveryDatagramHandledControlAnswersAndTheLossIsReported()
    {
        using var dir = new TempDirectory();
        using var notify = new FakeNotifySocket(dir);
        var environment = Environment(dir, notify, ("drainTimeout", "00:00:01"), ("queueCapacity", "1000"));
        await using var pipe = await StderrPipe.StartAsync(dir, environment);

        // 3000 lines fit neither the pipe nor 1000 queued events, and stderr is never read again: the syslog handler
        // waits to log, on the thread that read its datagram, only until the output has taken nothing for
        // stallTimeout (its default, 10 s); from then on lines are dropped and counted, and the endpoints and the
        // control socket go on.
        var messages = await MessagesAsync(dir, "stall");
        using (var logger = await ChildProcess.RunAsync("logger", Logger(dir, messages)))
        {
            Assert.True(logger.ExitCode == 0, logger.StandardError);
        }

        await LogOutputExecutableTests.WaitUntilHandledAsync(environment, "syslog", Count);
        var (code, health) = await DaemonProcess.RunAsync(["health"], environment);
        Assert.True(code is 0 or 1, $"health exit {code}: {health.StandardError}{health.StandardOutput}");
        var notWritten = await StopAndReadLossAsync(pipe.Daemon, notify, "its stderr was stalled");

        var written = await MarkersAsync(pipe.Reader, "stall", pipe.Timeout);
        Assert.True(written.Count + notWritten >= Count, $"{written.Count} lines written and {notWritten} reported not written, of {Count}: some were lost without being counted");
        Assert.Equal(Enumerable.Range(0, written.Count), written);
    }

    [Fact]
    public async Task Run_StderrReadSlowlyAtSigterm_EveryLineWrittenAndExitZero()
    {
        using var dir = new TempDirectory();
        using var notify = new FakeNotifySocket(dir);
        var environment = Environment(dir, notify);
        var fifo = await StderrPipe.MakeFifoAsync(dir);
        await using var daemon = DaemonProcess.Start(["run"], environment, launcher: ["sh", "-c", "exec \"$@\" 2>\"$0\"", fifo]);

        // A reader that keeps reading, slowly (4 KiB, then a pause; about 400 KB/s): a pipe that is full most of the
        // time, and a drain at exit that takes a while, well within drainTimeout's default.
        await using var slow = ChildProcess.Start("python3", ["-c", SlowReader, fifo]);
        await slow.WaitForLineAsync("Application started");
        var messages = await MessagesAsync(dir, "slow");
        using (var logger = await ChildProcess.RunAsync("logger", Logger(dir, messages)))
        {
            Assert.True(logger.ExitCode == 0, logger.StandardError);
        }

        await LogOutputExecutableTests.WaitUntilHandledAsync(environment, "syslog", Count);
        daemon.Signal(SigTerm);

        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Equal(0, await slow.WaitForExitAsync());
        using var output = new StringReader(slow.StandardOutput);
        using var timeout = new CancellationTokenSource(ChildProcess.Timeout);
        Assert.Equal(Enumerable.Range(0, Count), await MarkersAsync(output, "slow", timeout.Token));
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

    /// <summary>The socket directory, systemd's notify socket, and <c>WriteTo.StandardError</c> arguments.</summary>
    private static Dictionary<string, string> Environment(TempDirectory dir, FakeNotifySocket notify, params (string Name, string Value)[] sinkArgs)
    {
        var environment = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path, ["NOTIFY_SOCKET"] = notify.Path };
        foreach (var (name, value) in sinkArgs)
        {
            environment["Serilog__WriteTo__0__Args__" + name] = value;
        }

        return environment;
    }

    /// <summary><see cref="Count"/> syslog messages in a file, each logged by the daemon as one line.</summary>
    private static async Task<string> MessagesAsync(TempDirectory dir, string tag)
    {
        var messages = dir.File("messages.txt");
        await File.WriteAllLinesAsync(messages, Enumerable.Range(0, Count).Select(i => $"{tag} {i:D6} of the drain test"));
        return messages;
    }

    /// <summary><c>logger -u</c> sending each line of <paramref name="messages"/> to the <c>syslog</c> endpoint.</summary>
    private static string[] Logger(TempDirectory dir, string messages) => ["-u", dir.File("syslog.sock"), "-t", "drain", "-p", "user.info", "-f", messages];

    /// <summary>
    /// Sends SIGTERM and waits for the exit: 74, with <c>STATUS=</c> reporting the events not written; returns their count.
    /// </summary>
    private static async Task<long> StopAndReadLossAsync(ChildProcess daemon, FakeNotifySocket notify, string why)
    {
        daemon.Signal(SigTerm);
        int exitCode;
        try
        {
            exitCode = await daemon.WaitForExitAsync();
        }
        catch (TimeoutException ex)
        {
            Assert.Fail($"SIGTERM did not end the daemon while {why}. {ex.Message}");
            throw;
        }

        Assert.Equal(74, exitCode);
        var statuses = ReceivedStatuses(notify);
        var status = statuses.LastOrDefault(s => s.StartsWith("STATUS=Stopped; log output: ", StringComparison.Ordinal));
        Assert.True(status is not null, "no STATUS= reported the events not written: " + string.Join(" | ", statuses));
        var match = LossPattern().Match(status);
        Assert.True(match.Success, status);
        var notWritten = long.Parse(match.Groups["events"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(notWritten, 1, long.MaxValue);
        return notWritten;
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
