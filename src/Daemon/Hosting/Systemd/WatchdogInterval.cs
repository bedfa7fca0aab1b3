namespace UnixDatagram.Hosting.Systemd;

/// <summary>
/// systemd's watchdog request, read as <c>sd_watchdog_enabled(3)</c> reads it: <c>WATCHDOG_USEC</c> is the timeout in
/// microseconds (<c>WatchdogSec=</c>), <c>WATCHDOG_PID</c>, when set, must be this process. Pings go every half timeout,
/// as systemd recommends, so one late ping is not yet a restart.
/// </summary>
internal static class WatchdogInterval
{
    /// <summary>Reads the request through <paramref name="environment"/> for the process <paramref name="processId"/>.</summary>
    /// <param name="environment">Reads a variable.</param>
    /// <param name="processId">This process's id.</param>
    /// <param name="timeout">The watchdog timeout, when enabled.</param>
    /// <param name="reason">Why the watchdog is off, for a debug message; null when it is on.</param>
    /// <returns>True when systemd expects pings from this process.</returns>
    public static bool TryRead(Func<string, string?> environment, int processId, out TimeSpan timeout, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(environment);
        timeout = TimeSpan.Zero;
        var usec = environment("WATCHDOG_USEC");
        if (string.IsNullOrEmpty(usec))
        {
            reason = "WATCHDOG_USEC is not set (no WatchdogSec= in the unit)";
            return false;
        }

        if (!ulong.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) || microseconds == 0 || microseconds > (ulong)TimeSpan.MaxValue.TotalMicroseconds / 2)
        {
            reason = $"WATCHDOG_USEC='{usec}' is not a positive number of microseconds";
            return false;
        }

        var pid = environment("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var watchdogPid) || watchdogPid != processId))
        {
            reason = $"WATCHDOG_PID={pid} is not this process ({processId})";
            return false;
        }

        timeout = TimeSpan.FromMicroseconds(microseconds);
        reason = null;
        return true;
    }

    /// <summary>How often to ping for <paramref name="timeout"/>: half of it.</summary>
    public static TimeSpan PingInterval(TimeSpan timeout) => timeout / 2;
}
