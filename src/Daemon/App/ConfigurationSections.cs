using Microsoft.Extensions.Options;

namespace UnixDatagram.Daemon;

/// <summary>
/// The configuration's top level: a section whose name is a near miss of one the daemon reads (<c>Deamon</c>,
/// <c>Serilg</c>, <c>OpenTelemetri</c>) would be ignored as a whole, leaving the binary's defaults in force (its
/// endpoints, a 0666 syslog socket) without a word, so it fails start. Only sections count: environment variables
/// without <c>__</c> are single values, not checked.
/// </summary>
internal static class ConfigurationSections
{
    /// <summary>The sections the daemon reads.</summary>
    public static readonly string[] Known = [DatagramDaemonOptions.SectionName, "Serilog", OpenTelemetryExportOptions.SectionName];

    /// <exception cref="OptionsValidationException">Each section that is a near miss of a known one, naming it.</exception>
    public static void Check(IConfiguration configuration)
    {
        var errors = Errors(configuration);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException("configuration", typeof(IConfiguration), errors);
        }
    }

    /// <summary>Each section that is a near miss of a known one, as one line naming it and the one it misses.</summary>
    public static List<string> Errors(IConfiguration configuration) =>
        [.. configuration.GetChildren()
            .Where(s => s.Value is null && !Known.Contains(s.Key, StringComparer.OrdinalIgnoreCase))
            .Select(s => (Section: s, Nearest: ConfigurationKeyHint.Nearest(s.Key, Known)))
            .Where(s => s.Nearest is not null)
            .Select(s => $"{s.Section.Path}: unknown section '{s.Section.Key}'; did you mean {s.Nearest}? (its settings would be ignored)")];
}
