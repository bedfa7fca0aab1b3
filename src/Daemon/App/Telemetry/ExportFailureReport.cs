using System.Diagnostics.Metrics;
using UnixDatagram.Handlers;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace UnixDatagram.Daemon;

/// <summary>
/// The failed exports of one signal (<c>metrics</c>, <c>logs</c>): each is counted on
/// <c>unixdgram.export.failed</c> at once, and logged as warning 1330 at most once per <see cref="Interval"/>, the
/// line giving the failures since the last one and the latest reason. Failures held back are logged when the
/// interval has passed, even if no other failure follows, and at stop: a count is never left unsaid.
/// </summary>
internal sealed class ExportFailureReport : IDisposable
{
    /// <summary>At most one line per signal this often (as the daemon's other warnings of repeated failures).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly string _signal;
    private readonly Uri _endpoint;
    private readonly ILogger _logger;
    private readonly Counter<long> _failed;
    private readonly RateLimiter _lines;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private long _failures;
    private long _dropped;
    private string _reason = "";
    private bool _armed;

    public ExportFailureReport(string signal, Uri endpoint, ILogger logger, Counter<long> failed, TimeProvider time)
    {
        _signal = signal;
        _endpoint = endpoint;
        _logger = logger;
        _failed = failed;
        _lines = new RateLimiter(time, Interval);
        _timer = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Counts one failed export and logs it now, or when the interval since the last line has passed.</summary>
    public void Failed(string reason) => Record(1, 0, reason);

    /// <summary>Records the exporter gave up after failures (not an export attempt of its own), logged as <see cref="Failed"/>.</summary>
    public void GaveUp(long records, string reason) => Record(0, records, reason);

    /// <summary>Logs the failures held back, if any (when the interval has passed, and at stop).</summary>
    public void Flush()
    {
        (long Failures, long Dropped, string Reason) line;
        lock (_lock)
        {
            _armed = false;
            _lines.TakeSuppressed();
            if (_failures == 0 && _dropped == 0)
            {
                return;
            }

            line = Take();
        }

        Log(line);
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void Record(long failed, long dropped, string reason)
    {
        if (failed > 0)
        {
            _failed.Add(failed, new KeyValuePair<string, object?>("signal", _signal));
        }

        (long Failures, long Dropped, string Reason) line;
        lock (_lock)
        {
            _failures += failed;
            _dropped += dropped;
            _reason = reason;
            if (!_lines.TryAcquire(out _))
            {
                // Held back, and said when the interval has passed even if no other failure follows.
                if (!_armed)
                {
                    _armed = true;
                    _timer.Change(Interval, Timeout.InfiniteTimeSpan);
                }

                return;
            }

            line = Take();
        }

        Log(line);
    }

    private (long Failures, long Dropped, string Reason) Take()
    {
        var line = (_failures, _dropped, _reason);
        _failures = 0;
        _dropped = 0;
        return line;
    }

    private void Log((long Failures, long Dropped, string Reason) line) =>
        TelemetryLog.LogExportFailed(_logger, _signal, _endpoint, line.Failures, line.Dropped > 0 ? $"{line.Dropped} log records given up; {line.Reason}" : line.Reason);
}
