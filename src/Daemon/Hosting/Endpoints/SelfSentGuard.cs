using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// Recognises datagrams this process sent itself, by the kernel's credentials (<c>SCM_CREDENTIALS</c>): journald
/// forwards to <c>syslog.socket</c> with the original sender's credentials, so the daemon's own log lines come back
/// carrying its own pid, as does anything it sends to its own endpoints. Reporting is rate-limited harder than other
/// drops: every report is itself a log line that journald forwards back, so the first is reported, then at most one
/// an hour, and the loop a report starts stays one line long.
/// </summary>
internal sealed class SelfSentGuard(int processId, TimeProvider time)
{
    /// <summary>How often, at most, self-sent datagrams are reported after the first.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromHours(1);

    private readonly RateLimiter _reports = new(time, ReportInterval);

    /// <summary>This process's id, as the kernel reports it to a receiver in the same pid namespace.</summary>
    public int ProcessId => processId;

    /// <summary>Whether <paramref name="credentials"/> are this process's.</summary>
    public bool IsOwn(UnixCredentials credentials) => credentials.ProcessId == processId;

    /// <summary>Whether a report may be logged now.</summary>
    public bool ShouldReport() => _reports.TryAcquire(out _);
}
