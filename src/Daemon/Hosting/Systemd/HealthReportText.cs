namespace UnixDatagram.Hosting.Systemd;

/// <summary>Short texts about a <see cref="HealthReport"/> for the systemd status line and watchdog warnings.</summary>
internal static class HealthReportText
{
    /// <summary>The names of the entries that are not Healthy, in name order: <c>ingest, out</c>.</summary>
    public static string NotHealthyNames(HealthReport report) =>
        string.Join(", ", NotHealthy(report, HealthStatus.Degraded).Select(e => e.Key));

    /// <summary>Each Unhealthy entry with its description: <c>out: peer gone; ingest: socket file replaced</c>.</summary>
    public static string UnhealthyEntries(HealthReport report) =>
        string.Join("; ", NotHealthy(report, HealthStatus.Unhealthy).Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Exception?.Message ?? "no description"}"));

    /// <summary>Each entry that is not Healthy with its status and description: <c>out: Degraded, congested for 2 s</c>.</summary>
    public static string NotHealthyEntries(HealthReport report) =>
        string.Join("; ", NotHealthy(report, HealthStatus.Degraded).Select(e => $"{e.Key}: {e.Value.Status}, {e.Value.Description ?? e.Value.Exception?.Message ?? "no description"}"));

    /// <summary>The overall status and, unless Healthy, the entries that are not: <c>Degraded (out)</c>.</summary>
    public static string Summary(HealthReport report) =>
        report.Status == HealthStatus.Healthy ? "Healthy" : $"{report.Status} ({NotHealthyNames(report)})";

    private static IEnumerable<KeyValuePair<string, HealthReportEntry>> NotHealthy(HealthReport report, HealthStatus worstAtLeast) =>
        report.Entries.Where(e => e.Value.Status <= worstAtLeast).OrderBy(e => e.Key, StringComparer.Ordinal);
}
