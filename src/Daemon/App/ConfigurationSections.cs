using Microsoft.Extensions.Options;

namespace UnixDatagram.Daemon;

/// <summary>
/// The configuration's top level: a section whose name is a near miss of one the daemon reads (<c>Deamon</c>,
/// <c>Serilg</c>, <c>OpenTelemetri</c>), or a key of one of them written at the top level (<c>Endpoints</c>), would be
/// ignored as a whole, leaving the binary's defaults in force (its
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

    /// <summary>
    /// Each section that is a near miss of a known one (an edit of at most two letters), or whose name is a key of
    /// <c>Daemon</c> or <c>Serilog</c> written at the top level (<c>Endpoints</c> for <c>Daemon:Endpoints</c>), as one line
    /// naming it and the key meant.
    /// </summary>
    public static List<string> Errors(IConfiguration configuration)
    {
        var errors = new List<string>();
        foreach (var section in configuration.GetChildren().Where(s => s.Value is null && !Known.Contains(s.Key, StringComparer.OrdinalIgnoreCase)))
        {
            if (Parent(section.Key) is { } parent)
            {
                errors.Add($"{section.Path}: unknown section '{section.Key}'; did you mean {parent}:{section.Key}? (its settings would be ignored)");
            }
            else if (ConfigurationKeyHint.Nearest(section.Key, Known) is { } nearest && Math.Abs(nearest.Length - section.Key.Length) <= 2)
            {
                // A name that only begins with a known one (SERILOG_SELFLOG from the environment) is not a near miss.
                errors.Add($"{section.Path}: unknown section '{section.Key}'; did you mean {nearest}? (its settings would be ignored)");
            }
        }

        // The Daemon section is checked by the hosting library's schema; the two the executable reads, here.
        foreach (var name in (string[])["Serilog", OpenTelemetryExportOptions.SectionName])
        {
            AddValueOverEntries(configuration.GetSection(name), errors);
        }

        return errors;
    }

    /// <summary>
    /// A list given a single value by one source (<c>--Serilog:WriteTo=Console</c>) and entries by another (the file's
    /// <c>WriteTo</c> list): the binder and Serilog's reader take the entries and ignore the value, so it is refused.
    /// </summary>
    private static void AddValueOverEntries(IConfigurationSection section, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            var entries = child.GetChildren().ToList();
            // Lists only: a section with a value of its own can be meant (Serilog reads "MinimumLevel": "Debug" as its Default).
            if (entries.Count > 0 && !string.IsNullOrEmpty(child.Value) && entries.All(e => int.TryParse(e.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                errors.Add($"{child.Path}: given both the single value '{child.Value}' and the entries {string.Join(", ", entries.Select(e => $"'{e.Key}'"))} by different configuration sources (a value on the command line or in the environment does not replace a list or section from a file: it would be ignored). Set it in one place: a later configuration file's list replaces the earlier one.");
            }

            AddValueOverEntries(child, errors);
        }
    }

    /// <summary>The section <paramref name="key"/> belongs in when it is one of its keys, or null.</summary>
    private static string? Parent(string key) =>
        DaemonKeys.Contains(key, StringComparer.OrdinalIgnoreCase) ? DatagramDaemonOptions.SectionName
        : SerilogSectionKeys.Section.Contains(key, StringComparer.OrdinalIgnoreCase) ? "Serilog"
        : null;

    private static readonly string[] DaemonKeys = [.. typeof(DatagramDaemonOptions).GetProperties().Select(p => p.Name)];
}
