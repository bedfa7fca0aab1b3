namespace UnixDatagram.Hosting.Diagnostics;

/// <summary>
/// Remembers when a running total of problems (drops, truncations, rejections) last grew, so every reader of
/// health (watchdog, status line, control socket) sees the same answer for a while, instead of the first reader
/// taking the news.
/// </summary>
internal sealed class RecentProblems(TimeProvider time)
{
    /// <summary>How long an endpoint stays Degraded after its last problem: 60 seconds.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private long _seen;
    private DateTimeOffset? _lastRise;

    /// <summary>Takes the current total; true if it grew within the last <see cref="Window"/>.</summary>
    public bool Observe(long total)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (total > _seen)
            {
                _seen = total;
                _lastRise = now;
            }

            return _lastRise is { } rise && now - rise < Window;
        }
    }
}
