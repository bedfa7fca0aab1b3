using System.Reflection;
using Microsoft.Extensions.Options;
using Serilog.Configuration;

namespace UnixDatagram.Daemon;

/// <summary>
/// Checks the <c>Args</c> of every sink in the <c>Serilog</c> section, at any depth (<c>WriteTo</c>, <c>AuditTo</c>,
/// the sinks an <c>Async</c> wraps, a sub-logger's): Serilog.Settings.Configuration ignores an argument no form of the
/// sink takes (a misspelt <c>endpoitn</c> leaves the OpenTelemetry sink sending to its default endpoint), takes an empty
/// text in place of a default (an empty <c>outputTemplate</c> writes nothing), and refuses a value that does not
/// convert without naming its key (<c>String 'soon' was not recognized as a valid TimeSpan.</c>).
/// </summary>
internal static class SerilogSinkArguments
{
    /// <summary>The lists of sinks in a logger's section, and the configuration object each list's entries are methods of.</summary>
    internal static readonly (string Section, Type Receiver)[] SinkSections =
        [("WriteTo", typeof(LoggerSinkConfiguration)), ("AuditTo", typeof(LoggerAuditSinkConfiguration))];

    /// <summary>Refuses what <see cref="Check"/> finds wrong.</summary>
    /// <exception cref="OptionsValidationException">Each argument at fault, naming its key and value.</exception>
    public static void Check(IConfiguration configuration)
    {
        var errors = Errors(configuration);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException("Serilog", typeof(LoggerConfiguration), errors);
        }
    }

    /// <summary>
    /// Each argument of a known sink that no form takes, an empty text that would replace a default, and a value that
    /// does not convert to its parameter's type, as one line naming the key.
    /// </summary>
    public static List<string> Errors(IConfiguration configuration)
    {
        var errors = new List<string>();
        foreach (var (entry, receiver, forms) in Entries(configuration.GetSection("Serilog")))
        {
            var name = entry.Value ?? entry["Name"];
            if (forms.Count == 0)
            {
                // The reader's own report of this comes first at start (SerilogMethodCheck); at a reload it is this one.
                var kind = receiver == typeof(LoggerAuditSinkConfiguration) ? "an audit sink" : "a sink";
                var key = entry.Value is null ? entry.GetSection("Name").Path : entry.Path;
                errors.Add($"{key}: '{name}' is not {kind}; use one of {string.Join(", ", SerilogSinkForms.Names(receiver))} (names are case-sensitive; a sink from another package needs it in Serilog:Using, which a reload does not apply).");
                continue;
            }

            var parameters = forms.SelectMany(f => f.Parameters).ToList();
            foreach (var argument in entry.GetSection("Args").GetChildren())
            {
                var parameter = parameters.FirstOrDefault(p => Matches(p, argument.Key));
                if (parameter is null)
                {
                    var names = parameters.Select(p => p.Name).Distinct(StringComparer.Ordinal);
                    errors.Add($"{argument.Path}: '{argument.Key}' is not an argument of {name}; use {string.Join(", ", names)}.");
                }
                else if (string.IsNullOrWhiteSpace(argument.Value) && argument.Value is not null && parameter.ParameterType == typeof(string)
                         && parameter.DefaultValue is string { Length: > 0 } fallback && !string.IsNullOrWhiteSpace(fallback))
                {
                    errors.Add($"{argument.Path}: '{argument.Value}' ({(argument.Value.Length == 0 ? "empty" : "only white space")}) would replace the default '{fallback}'; remove the key to take the default.");
                }
                else if (argument.Value is { } value && (value.Length > 0 || Nullable.GetUnderlyingType(parameter.ParameterType) is null)
                         && Shape(parameter.ParameterType) is { } shape && !shape.Converts(value))
                {
                    errors.Add($"{argument.Path}: '{value}' is not {shape.Description}.");
                }
            }
        }

        errors.AddRange(NestedErrors(configuration.GetSection("Serilog")));
        return errors;
    }

    /// <summary>
    /// <paramref name="exception"/>, thrown by a sink of <paramref name="configuration"/> on an argument out of its range
    /// (<see cref="ArgumentException.ParamName"/>), as the key of that argument and its value; null if no key has it.
    /// </summary>
    public static string? Describe(IConfiguration configuration, ArgumentException exception)
    {
        var argument = Entries(configuration.GetSection("Serilog"))
            .Where(e => e.Forms.SelectMany(f => f.Parameters).Any(p => p.Name == exception.ParamName))
            .SelectMany(e => e.Entry.GetSection("Args").GetChildren())
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
        SinkSections.SelectMany(s => configuration.GetSection("Serilog:" + s.Section).GetChildren());

    /// <summary>
    /// The sinks of <c>WriteTo</c> and those an <c>Async</c> (any <see cref="Action{T}"/> of a sink configuration)
    /// wraps, which receive every event the logger writes: not a sub-logger's, which may filter.
    /// </summary>
    public static IEnumerable<IConfigurationSection> Unfiltered(IConfiguration configuration) =>
        Unfiltered(configuration.GetSection("Serilog:WriteTo"));

    private static IEnumerable<IConfigurationSection> Unfiltered(IConfigurationSection sinks)
    {
        foreach (var entry in sinks.GetChildren())
        {
            yield return entry;
            var forms = SerilogSinkForms.Of(entry.Value ?? entry["Name"], typeof(LoggerSinkConfiguration));
            foreach (var argument in entry.GetSection("Args").GetChildren())
            {
                if (forms.SelectMany(f => f.Parameters).Any(p => Matches(p, argument.Key) && p.ParameterType == typeof(Action<LoggerSinkConfiguration>)))
                {
                    foreach (var wrapped in Unfiltered(argument))
                    {
                        yield return wrapped;
                    }
                }
            }
        }
    }

    /// <summary>Every sink entry with a name, at any depth, with the forms of its name (none for a name the reader does not know).</summary>
    private static IEnumerable<(IConfigurationSection Entry, Type Receiver, IReadOnlyList<SerilogSinkForms.Form> Forms)> Entries(IConfigurationSection logger)
    {
        foreach (var (section, receiver) in SinkSections)
        {
            foreach (var entry in Entries(logger.GetSection(section), receiver))
            {
                yield return entry;
            }
        }
    }

    private static IEnumerable<(IConfigurationSection Entry, Type Receiver, IReadOnlyList<SerilogSinkForms.Form> Forms)> Entries(IConfigurationSection sinks, Type receiver)
    {
        foreach (var entry in sinks.GetChildren())
        {
            if ((entry.Value ?? entry["Name"]) is not { } name)
            {
                // No name: the reader refuses it ("has no 'Name' element").
                continue;
            }

            var forms = SerilogSinkForms.Of(name, receiver);
            yield return (entry, receiver, forms);
            foreach (var argument in entry.GetSection("Args").GetChildren())
            {
                var nested = forms.SelectMany(f => f.Parameters).FirstOrDefault(p => Matches(p, argument.Key))?.ParameterType;
                var inner = nested == typeof(Action<LoggerSinkConfiguration>) ? Entries(argument, typeof(LoggerSinkConfiguration))
                    : nested == typeof(Action<LoggerAuditSinkConfiguration>) ? Entries(argument, typeof(LoggerAuditSinkConfiguration))
                    : nested == typeof(Action<LoggerConfiguration>) ? Entries(argument)
                    : [];
                foreach (var found in inner)
                {
                    yield return found;
                }
            }
        }
    }

    /// <summary>
    /// The keys and levels of what sink arguments configure, at any depth: a sub-logger's section
    /// (<c>configureLogger</c>), checked as the <c>Serilog</c> section is, and the sink entries an <c>Async</c> wraps.
    /// Known only once the reader has loaded the sinks' assemblies, so checked here rather than before it.
    /// </summary>
    private static IEnumerable<string> NestedErrors(IConfigurationSection logger)
    {
        foreach (var (entry, _, forms) in Entries(logger))
        {
            foreach (var argument in entry.GetSection("Args").GetChildren())
            {
                var type = forms.SelectMany(f => f.Parameters).FirstOrDefault(p => Matches(p, argument.Key))?.ParameterType;
                var found = type == typeof(Action<LoggerConfiguration>)
                    ? SerilogSectionKeys.SubLoggerErrors(argument).Concat(SerilogLevels.Errors(argument))
                    : type == typeof(Action<LoggerSinkConfiguration>) || type == typeof(Action<LoggerAuditSinkConfiguration>)
                        ? argument.GetChildren().Where(e => e.Value is null).SelectMany(SerilogSectionKeys.EntryErrors)
                        : [];
                foreach (var error in found)
                {
                    yield return error;
                }
            }
        }
    }

    /// <summary>The reader matches argument names to parameter names ignoring case.</summary>
    internal static bool Matches(ParameterInfo parameter, string key) => string.Equals(parameter.Name, key, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The shapes Serilog.Settings.Configuration converts from a string (enums ignoring case, TimeSpan, numbers,
    /// booleans, URIs); an empty string is null for a nullable one.
    /// </summary>
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
            _ when type == typeof(TimeSpan) => ($"a time span such as {ConfigurationTimeSpan.Shape} (a bare number would be days)", v => ConfigurationTimeSpan.Problem(v) is null),
            _ when type == typeof(int) => ($"a whole number from {int.MinValue} to {int.MaxValue}", v => int.TryParse(v, NumberStyles.Integer, invariant, out _)),
            _ when type == typeof(long) => ($"a whole number from {long.MinValue} to {long.MaxValue}", v => long.TryParse(v, NumberStyles.Integer, invariant, out _)),
            _ when type == typeof(bool) => ("true or false", v => bool.TryParse(v, out _)),
            _ when type == typeof(Uri) => ("an absolute URI", v => Uri.TryCreate(v, UriKind.Absolute, out _)),
            _ => null,
        };
    }
}
