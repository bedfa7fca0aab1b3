using System.Text;

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

    /// <summary>How many characters of entry names <see cref="ShortSummary"/> shows at most.</summary>
    public const int MaxShownNames = 200;

    /// <summary>The overall status and, unless Healthy, the entries that are not: <c>Degraded (out)</c>.</summary>
    public static string Summary(HealthReport report) =>
        report.Status == HealthStatus.Healthy ? "Healthy" : $"{report.Status} ({NotHealthyNames(report)})";

    /// <summary>
    /// As <see cref="Summary"/>, but naming only as many entries as fit in <see cref="MaxShownNames"/> characters, then
    /// how many more: <c>Degraded (a, b, c and 997 more)</c>. For the systemd status line: systemd reads a
    /// notification of at most 4096 bytes (<c>NOTIFY_BUFFER_MAX</c>, <c>PIPE_BUF</c>, src/core/manager.c) and ignores a
    /// longer one whole, which would leave the previous status standing.
    /// </summary>
    public static string ShortSummary(HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            return "Healthy";
        }

        var names = NotHealthy(report, HealthStatus.Degraded).Select(e => e.Key).ToList();
        var shown = new StringBuilder();
        var count = 0;
        foreach (var name in names)
        {
            if (count > 0 && shown.Length + 2 + name.Length > MaxShownNames)
            {
                break;
            }

            shown.Append(count == 0 ? string.Empty : ", ").Append(name.Length > MaxShownNames ? name[..MaxShownNames] + "..." : name);
            count++;
        }

        return count == names.Count
            ? $"{report.Status} ({shown})"
            : string.Create(CultureInfo.InvariantCulture, $"{report.Status} ({shown} and {names.Count - count} more)");
    }

    private static IEnumerable<KeyValuePair<string, HealthReportEntry>> NotHealthy(HealthReport report, HealthStatus worstAtLeast) =>
        report.Entries.Where(e => e.Value.Status <= worstAtLeast).OrderBy(e => e.Key, StringComparer.Ordinal);
}
