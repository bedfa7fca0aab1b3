using Microsoft.Extensions.Options;

namespace UnixDatagram.Daemon;

/// <summary>
/// Checks the keys of the <c>Serilog</c> section against those Serilog.Settings.Configuration reads: it ignores any
/// other, so <c>MinimumLevel:Defualt</c>, <c>Propertes</c> or a sink's <c>Arg</c> would leave the setting unapplied
/// without a word. Keys are those of the reader's <c>ConfigurationReader</c>, case-insensitive as configuration keys are.
/// </summary>
internal static class SerilogSectionKeys
{
    /// <summary>The keys of the section the reader reads.</summary>
    internal static readonly string[] Section =
        ["Using", "LevelSwitches", "FilterSwitches", "MinimumLevel", "WriteTo", "AuditTo", "Enrich", "Filter", "Destructure", "Properties"];

    private static readonly string[] MethodLists = ["WriteTo", "AuditTo", "Enrich", "Filter", "Destructure"];

    private static readonly string[] MinimumLevel = ["Default", "ControlledBy", "Override"];

    private static readonly string[] Entry = ["Name", "Args"];

    /// <exception cref="OptionsValidationException">Each unknown key, naming it and the known ones (or the one it most likely misspells).</exception>
    public static void Check(IConfiguration configuration)
    {
        var errors = Errors(configuration);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException("Serilog", typeof(LoggerConfiguration), errors);
        }
    }

    /// <summary>Each unknown key as one line naming it and the known ones (or the one it most likely misspells).</summary>
    public static List<string> Errors(IConfiguration configuration) => [.. Logger(configuration.GetSection("Serilog"), Section)];

    /// <summary>
    /// Each unknown key of a sub-logger's section (a sink argument such as <c>configureLogger</c>), which the reader
    /// reads as it reads the <c>Serilog</c> section, but for <c>Using</c>: the assemblies are found once, at the top.
    /// </summary>
    public static IEnumerable<string> SubLoggerErrors(IConfigurationSection subLogger) =>
        Logger(subLogger, [.. Section.Where(k => k != "Using")]);

    /// <summary>Each unknown key of a sink entry written as an object (<c>Name</c>, <c>Args</c>).</summary>
    public static IEnumerable<string> EntryErrors(IConfigurationSection entry) => Unknown(entry, Entry);

    private static IEnumerable<string> Logger(IConfigurationSection logger, string[] known) =>
        Unknown(logger, known)
            .Concat(Unknown(logger.GetSection("MinimumLevel"), MinimumLevel))
            .Concat(MethodLists.SelectMany(list => logger.GetSection(list).GetChildren()).SelectMany(EntryErrors));

    private static IEnumerable<string> Unknown(IConfigurationSection section, string[] known) =>
        section.GetChildren()
            .Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase))
            .Select(c => $"{c.Path}: unknown setting '{c.Key}'; {ConfigurationKeyHint.For(c.Key, known)}");
}
