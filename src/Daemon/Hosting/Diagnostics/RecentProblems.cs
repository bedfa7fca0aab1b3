namespace UnixDatagram.Hosting.Diagnostics;

/// <summary>
/// When an endpoint last counted a problem (a drop, truncation, rejection, dropped reply, timeout or overrun), stamped
/// as the problem is counted: every reader of health (watchdog, status line, control socket) sees the same answer for
/// <see cref="Window"/> after the problem itself, however late or often health is asked. A stamp is one clock read and
/// one store, made only when a problem is counted, never for a datagram that is handled.
/// </summary>
internal sealed class RecentProblems(TimeProvider time)
{
    /// <summary>How long an endpoint stays Degraded after its last problem: 60 seconds.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the last problem; 0 until there is one.</summary>
    private long _last;

    /// <summary>Notes that a problem was counted now.</summary>
    public void Stamp() => Volatile.Write(ref _last, Math.Max(1, time.GetTimestamp()));

    /// <summary>Whether the last problem was counted within <see cref="Window"/>.</summary>
    /// <param name="ago">How long ago it was counted (zero when there was none).</param>
    public bool IsRecent(out TimeSpan ago)
    {
        var last = Volatile.Read(ref _last);
        ago = last == 0 ? TimeSpan.Zero : time.GetElapsedTime(last);
        return last != 0 && ago < Window;
    }
}
