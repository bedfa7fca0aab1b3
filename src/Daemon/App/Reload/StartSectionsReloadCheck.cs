using Microsoft.Extensions.Options;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace UnixDatagram.Daemon;

/// <summary>
/// At a reload, the sections the executable reads at start (<c>Serilog</c>, <c>OpenTelemetry</c>, and the top level's
/// section names): checked as at start, so a reload fails where the next start would (a level that is not one, a
/// misspelt key, a sink's unknown argument), and a change that only a restart applies is said once, naming its keys.
/// Serilog.Settings.Configuration itself applies a changed value of a <c>MinimumLevel</c> key or level switch that
/// existed at start, as the files are re-read; nothing else of the two sections changes before a restart. It runs as a
/// validator of <see cref="DatagramDaemonOptions"/>, which every reload builds with the same factory as start.
/// </summary>
internal sealed class StartSectionsReloadCheck : IValidateOptions<DatagramDaemonOptions>
{
    private static readonly string[] Sections = ["Serilog", OpenTelemetryExportOptions.SectionName];

    private static readonly string[] LiveSerilogKeys = ["Serilog:MinimumLevel", "Serilog:MinimumLevel:Default"];

    private static readonly string[] LiveSerilogSections = ["Serilog:MinimumLevel:Override:", "Serilog:LevelSwitches:", "Serilog:FilterSwitches:"];

    private readonly IConfiguration _configuration;
    private readonly Dictionary<string, string> _atStart;
    private readonly Lock _gate = new();
    private readonly Func<ILogger> _logger;
    private Dictionary<string, string> _seen;

    /// <summary>The sections as Serilog last re-read them: its level values apply at once, a reload accepted or not.</summary>
    private Dictionary<string, string> _reread;

    /// <summary>Takes the sections as they are at start.</summary>
    /// <param name="configuration">The host's configuration, re-read by every reload.</param>
    /// <param name="logger">Where a change that needs a restart is said (resolved when first needed).</param>
    public StartSectionsReloadCheck(IConfiguration configuration, Func<ILogger> logger)
    {
        _configuration = configuration;
        _logger = logger;
        _atStart = Snapshot(configuration);
        _seen = _atStart;
        _reread = _atStart;
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DatagramDaemonOptions options)
    {
        var now = Snapshot(_configuration);
        lock (_gate)
        {
            // Said first, and whatever follows: a reload refused for another reason ("the previous configuration is
            // still in use") has still changed these.
            var applied = Changed(_reread, now).Where(key => IsLive(key) && SerilogLevels.IsLevelName(now.GetValueOrDefault(key))).Select(key => $"{key} changed from '{_reread.GetValueOrDefault(key)}' to '{now.GetValueOrDefault(key)}'").ToList();
            if (applied.Count > 0)
            {
                ReloadCheckLog.LogLevelApplied(_logger(), string.Join("; ", applied));
            }

            _reread = now;
            if (SameAs(now, _seen) && ConfigurationSections.Errors(_configuration) is [])
            {
                return ValidateOptionsResult.Success;
            }

            var errors = Errors(_configuration);
            if (errors.Count > 0)
            {
                return ValidateOptionsResult.Fail(errors);
            }

            var restartOnly = Changed(_atStart, now).Where(key => !IsLive(key)).ToList();
            if (restartOnly.Count > 0 && !SameAs(now, _seen))
            {
                var shown = string.Join(", ", restartOnly.Take(10)) + (restartOnly.Count > 10 ? $" and {restartOnly.Count - 10} more" : string.Empty);
                ReloadCheckLog.LogRestartRequired(_logger(), shown);
            }

            _seen = now;
            return ValidateOptionsResult.Success;
        }
    }

    /// <summary>What start refuses in these sections, one line each.</summary>
    private static List<string> Errors(IConfiguration configuration)
    {
        var errors = ConfigurationSections.Errors(configuration);
        errors.AddRange(SerilogSectionKeys.Errors(configuration));
        errors.AddRange(SerilogLevels.Errors(configuration));
        errors.AddRange(SerilogSinkArguments.Errors(configuration));
        try
        {
            DaemonTelemetry.Read(configuration);
        }
        catch (OptionsValidationException ex)
        {
            errors.AddRange(ex.Failures);
        }

        return errors;
    }

    /// <summary>Whether Serilog.Settings.Configuration applies a change of <paramref name="key"/> as the files are re-read: the value of a level key it read at start.</summary>
    private bool IsLive(string key) =>
        _atStart.TryGetValue(key, out var before) && SerilogLevels.IsLevelName(before)
        && (LiveSerilogKeys.Contains(key, StringComparer.OrdinalIgnoreCase)
            || LiveSerilogSections.Any(s => key.StartsWith(s, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Every key with a value in the sections, by its full path.</summary>
    private static Dictionary<string, string> Snapshot(IConfiguration configuration) =>
        Sections.SelectMany(s => configuration.GetSection(s).AsEnumerable())
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.OrdinalIgnoreCase);

    private static bool SameAs(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));

    /// <summary>The keys added, removed or changed from <paramref name="before"/> to <paramref name="after"/>, in order.</summary>
    private static IEnumerable<string> Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Keys.Union(after.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(key => !before.TryGetValue(key, out var a) || !after.TryGetValue(key, out var b) || !string.Equals(a, b, StringComparison.Ordinal))
            .Order(StringComparer.OrdinalIgnoreCase);
}
