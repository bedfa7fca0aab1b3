using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;

namespace UnixDatagram.Daemon;

/// <summary>
/// How a log output that could not be drained at stop is reported, once the process no longer waits for stderr:
/// the exit status (<see cref="LostExitCode"/>), which nothing can block; <c>STATUS=</c> to systemd, which
/// <c>systemctl status</c> keeps showing after the stop; and one last line on stderr, attempted without waiting for it.
/// </summary>
internal static class LogOutputDrain
{
    /// <summary>
    /// The exit code of a stop that was otherwise clean but left log events unwritten: <c>EX_IOERR</c> from
    /// sysexits.h, which systemd shows as <c>status=74/IOERR</c>.
    /// </summary>
    public const int LostExitCode = 74;

    /// <summary>
    /// How long the last line may hold the exit: it is written from a thread of its own (a write to stderr cannot be
    /// made non-blocking from here), and the process exits after this even if that write is still blocked.
    /// </summary>
    public static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(1);

    private static readonly List<QueueByteBoundSink> s_sinks = [];
    private static LogOutputLoss? s_loss;

    /// <summary>What the log output left unwritten at stop in this process, or null if it wrote everything.</summary>
    public static LogOutputLoss? Loss => Volatile.Read(ref s_loss);

    /// <summary>
    /// The host is stopping (<see cref="LogOutputStopService"/>): every live log output bounds its waits for room from
    /// now on (<see cref="QueueByteBoundSink.BeginStop"/>).
    /// </summary>
    public static void BeginStop()
    {
        QueueByteBoundSink[] sinks;
        lock (s_sinks)
        {
            sinks = [.. s_sinks];
        }

        foreach (var sink in sinks)
        {
            sink.BeginStop();
        }
    }

    /// <summary>A log output created from configuration, told when the host stops.</summary>
    public static void Add(QueueByteBoundSink sink)
    {
        lock (s_sinks)
        {
            s_sinks.Add(sink);
        }
    }

    /// <summary>A log output disposed.</summary>
    public static void Remove(QueueByteBoundSink sink)
    {
        lock (s_sinks)
        {
            s_sinks.Remove(sink);
        }
    }

    /// <summary><paramref name="exitCode"/>, or <see cref="LostExitCode"/> in place of 0 when log events were not written.</summary>
    public static int ExitCode(int exitCode) => exitCode == 0 && Loss is not null ? LostExitCode : exitCode;

    /// <summary>
    /// Records <paramref name="loss"/> for <see cref="ExitCode"/>, sends it as <c>STATUS=</c> when systemd listens
    /// (<see cref="SystemdNotifier"/>, the hosting package's sd_notify(3)), and writes it as one line to <paramref name="output"/>,
    /// waiting at most <see cref="ReportTimeout"/>: a stderr that took nothing more for the whole drain is not waited
    /// for again.
    /// </summary>
    public static void Report(LogOutputLoss loss, Stream output)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(output);
        Volatile.Write(ref s_loss, loss);
        var text = loss.Describe();
        NotifyStatus("Stopped; " + text);
        var line = Encoding.UTF8.GetBytes(JournalPriority() + "dgramd: " + text + "\n");
        var reporter = new Thread(() =>
        {
            try
            {
                output.Write(line);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or TimeoutException)
            {
                // The reader went away: the exit status and STATUS= still tell.
            }
        })
        {
            IsBackground = true,
            Name = "log output loss report",
        };
        reporter.Start();
        reporter.Join(ReportTimeout);
    }

    /// <summary>
    /// <c>STATUS=</c> to systemd when it listens (<c>NOTIFY_SOCKET</c>); systemd keeps a unit's last status until it
    /// starts again, so <c>systemctl status</c> still shows it after the stop. A manager that is gone costs the message.
    /// </summary>
    private static void NotifyStatus(string status)
    {
        try
        {
            new SystemdNotifier().Notify(new ServiceState("STATUS=" + status.ReplaceLineEndings(" ")));
        }
        catch (SocketException)
        {
            // The exit status and the last line still tell.
        }
    }

    /// <summary>Under the journal, the line is an error (<c>&lt;3&gt;</c>, sd-daemon(3)); elsewhere no prefix.</summary>
    private static string JournalPriority() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM")) ? string.Empty : "<3>";
}
