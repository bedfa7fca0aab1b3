namespace UnixDatagram.Hosting.Systemd;

/// <summary>
/// The one-line summary systemd shows as <c>Status:</c> in <c>systemctl status</c>:
/// <c>3 endpoints, 1250 datagrams/s, 12345 received, 0 dropped, Healthy</c>.
/// </summary>
internal static class SystemdStatusLine
{
    /// <summary>Formats the line (without the <c>STATUS=</c> prefix), invariant culture, the rate rounded to a whole number.</summary>
    public static string Format(int endpoints, double datagramsPerSecond, long received, long dropped, HealthReport? health) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{endpoints} {(endpoints == 1 ? "endpoint" : "endpoints")}, {Math.Round(datagramsPerSecond, MidpointRounding.AwayFromZero):0} datagrams/s, {received} received, {dropped} dropped, {(health is null ? "health unknown" : HealthReportText.ShortSummary(health))}");
}
