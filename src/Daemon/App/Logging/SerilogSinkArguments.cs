using System.Reflection;
using Microsoft.Extensions.Options;

namespace UnixDatagram.Daemon;

/// <summary>
/// Checks the <c>Args</c> of the sinks this executable ships (<c>StandardError</c>, <c>Console</c>) before Serilog
/// reads them: Serilog.Settings.Configuration refuses a value that does not convert without naming its key
/// (<c>String 'soon' was not recognized as a valid TimeSpan.</c>), and ignores an argument no form of the sink takes.
/// </summary>
internal static class SerilogSinkArguments
{
    private static readonly string[] SinkSections = ["WriteTo", "AuditTo"];

    private static readonly Type[] Extensions = [typeof(StandardErrorLoggerConfigurationExtensions), typeof(ConsoleLoggerConfigurationExtensions)];

    /// <exception cref="OptionsValidationException">An argument that is not one, or a value that does not convert, naming the key and the value.</exception>
    public static void Check(IConfiguration configuration)
    {
        var errors = new List<string>();
        foreach (var entry in Sinks(configuration))
        {
            var forms = Forms(entry["Name"]);
            if (forms.Count == 0)
            {
                continue;
            }

            var parameters = forms.SelectMany(m => m.GetParameters().Skip(1)).ToList();
            foreach (var argument in entry.GetSection("Args").GetChildren())
            {
                var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, argument.Key, StringComparison.OrdinalIgnoreCase));
                if (parameter is null)
                {
                    var names = parameters.Select(p => p.Name).Distinct(StringComparer.Ordinal);
                    errors.Add($"{argument.Path}: '{argument.Key}' is not an argument of {entry["Name"]}; use {string.Join(", ", names)}.");
                }
                else if (argument.Value is { Length: > 0 } value && Shape(parameter.ParameterType) is { } shape && !shape.Converts(value))
                {
                    errors.Add($"{argument.Path}: '{value}' is not {shape.Description}.");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException("Serilog", typeof(LoggerConfiguration), errors);
        }
    }

    /// <summary>
    /// <paramref name="exception"/>, thrown by a sink of <paramref name="configuration"/> on an argument out of its range
    /// (<see cref="ArgumentException.ParamName"/>), as the key of that argument and its value; null if no key has it.
    /// </summary>
    public static string? Describe(IConfiguration configuration, ArgumentException exception)
    {
        var argument = Sinks(configuration)
            .Where(e => Forms(e["Name"]).Count > 0)
            .SelectMany(e => e.GetSection("Args").GetChildren())
            .FirstOrDefault(a => string.Equals(a.Key, exception.ParamName, StringComparison.OrdinalIgnoreCase));
        if (argument is null)
        {
            return null;
        }

        // "bufferSize ('10') must be greater than or equal to '1024'. (Parameter 'bufferSize')\nActual value was 10."
        var reason = exception.Message.Split('\n')[0].Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);
        return $"{argument.Path}: '{argument.Value}' is out of range: {reason}";
    }

    /// <summary>The entries of <c>Serilog:WriteTo</c> and <c>Serilog:AuditTo</c> (not those of sub-loggers).</summary>
    public static IEnumerable<IConfigurationSection> Sinks(IConfiguration configuration) =>
        SinkSections.SelectMany(s => configuration.GetSection("Serilog:" + s).GetChildren());

    private static List<MethodInfo> Forms(string? name) =>
        name is null ? [] : [.. Extensions.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)).Where(m => m.Name == name)];

    /// <summary>The shapes Serilog.Settings.Configuration converts from a string (enums ignoring case, TimeSpan, numbers, booleans).</summary>
    private static (string Description, Func<string, bool> Converts)? Shape(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var invariant = CultureInfo.InvariantCulture;
        if (type.IsEnum)
        {
            return ($"one of {string.Join(", ", Enum.GetNames(type))}", v => Enum.TryParse(type, v, ignoreCase: true, out _));
        }

        return type switch
        {
            _ when type == typeof(TimeSpan) => ("a TimeSpan (hh:mm:ss, or d.hh:mm:ss)", v => TimeSpan.TryParse(v, invariant, out _)),
            _ when type == typeof(int) => ($"a whole number from {int.MinValue} to {int.MaxValue}", v => int.TryParse(v, NumberStyles.Integer, invariant, out _)),
            _ when type == typeof(long) => ($"a whole number from {long.MinValue} to {long.MaxValue}", v => long.TryParse(v, NumberStyles.Integer, invariant, out _)),
            _ when type == typeof(bool) => ("true or false", v => bool.TryParse(v, out _)),
            _ => null,
        };
    }
}
