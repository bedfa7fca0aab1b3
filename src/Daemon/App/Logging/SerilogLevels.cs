using Microsoft.Extensions.Options;

namespace UnixDatagram.Daemon;

/// <summary>
/// Checks the <c>Serilog:MinimumLevel</c> settings before Serilog reads them: Serilog refuses an unknown level only
/// while the host is being built, with a stack trace and without the key. A level is one of the names of
/// <see cref="LogEventLevel"/> (any case) or a level switch (<c>$name</c>).
/// </summary>
internal static class SerilogLevels
{
    /// <exception cref="OptionsValidationException">A level that is not one, naming the key and the value.</exception>
    public static void Check(IConfiguration configuration)
    {
        var errors = Errors(configuration);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException("Serilog", typeof(LogEventLevel), errors);
        }
    }

    /// <summary>Each level that is not one, as one line naming the key and the value.</summary>
    public static List<string> Errors(IConfiguration configuration) => Errors(configuration.GetSection("Serilog"));

    /// <summary>Each level of <paramref name="logger"/> (the <c>Serilog</c> section or a sub-logger's) that is not one, as one line naming the key and the value.</summary>
    public static List<string> Errors(IConfigurationSection logger)
    {
        var minimum = logger.GetSection("MinimumLevel");
        var levels = new List<IConfigurationSection> { minimum, minimum.GetSection("Default") };
        levels.AddRange(minimum.GetSection("Override").GetChildren());
        return [.. levels
            .Where(s => s.Value is { Length: > 0 } value && !IsLevel(value))
            .Select(s => $"{s.Path}: '{s.Value}' is not a log level; use one of {string.Join(", ", Enum.GetNames<LogEventLevel>())}.")];
    }

    /// <summary>Whether <paramref name="value"/> is a level name (any case) or a level switch.</summary>
    public static bool IsLevelName(string? value) => value is not null && !value.StartsWith('$') && IsLevel(value);

    private static bool IsLevel(string value) =>
        value.StartsWith('$') || Enum.GetNames<LogEventLevel>().Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);
}
