using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Serilog.Debugging;

namespace UnixDatagram.Daemon;

/// <summary>
/// Reads the <c>Serilog</c> section with Serilog.Settings.Configuration and refuses a method it cannot find: a sink
/// (<c>WriteTo</c>, <c>AuditTo</c>), enricher, filter or destructuring name that is not one, or arguments that fit
/// none of its forms. The reader itself only reports these to <see cref="SelfLog"/> and goes on without them, which
/// leaves a misspelt sink a daemon with no log output; here its report is taken from <see cref="SelfLog"/> and turned
/// into a refusal naming the key and the known names.
/// </summary>
internal static partial class SerilogMethodCheck
{
    private const string Unable = "Unable to find a method called ";

    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WriteTo"] = "a sink",
        ["AuditTo"] = "an audit sink",
        ["Enrich"] = "an enricher",
        ["Filter"] = "a filter",
        ["Destructure"] = "a destructuring policy",
    };

    /// <summary>Runs <paramref name="read"/> (the reader) and refuses what it reported as not found.</summary>
    /// <exception cref="OptionsValidationException">A method not found, naming its key.</exception>
    public static void Read(IConfiguration configuration, Action read)
    {
        var reports = new List<string>();
        SelfLog.Enable(message =>
        {
            if (message.Contains(Unable, StringComparison.Ordinal))
            {
                lock (reports)
                {
                    reports.Add(message);
                }
            }
        });
        try
        {
            read();
        }
        finally
        {
            SelfLog.Disable();
        }

        string[] errors;
        lock (reports)
        {
            errors = [.. reports.Select(r => Describe(configuration, r)).Distinct()];
        }

        if (errors.Length > 0)
        {
            throw new OptionsValidationException("Serilog", typeof(LoggerConfiguration), errors);
        }
    }

    /// <summary>One report of the reader as one line: the key, the name, and the names (or forms) it knows.</summary>
    private static string Describe(IConfiguration configuration, string report)
    {
        var text = report[(report.IndexOf(Unable, StringComparison.Ordinal) + Unable.Length)..];
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var name = lines[0].Split(' ')[0].TrimEnd('.');
        var (key, kind) = Find(configuration.GetSection("Serilog"), name) ?? ("Serilog", "a method");
        var candidates = lines.Skip(1).ToList();
        if (lines[0].Contains(" supplied arguments", StringComparison.Ordinal))
        {
            // The name is known; the arguments given fit none of its forms (a required one is missing).
            var given = lines[0].Contains(" for supplied arguments: ", StringComparison.Ordinal)
                ? "arguments " + lines[0][(lines[0].IndexOf(": ", StringComparison.Ordinal) + 2)..].TrimEnd('.', ' ').Replace(". Candidate methods are:", string.Empty, StringComparison.Ordinal)
                : "no arguments";
            return $"{key}: '{name}' cannot be called with {given}; its forms are {string.Join(", ", candidates)}.";
        }

        var known = candidates.Select(c => MethodName().Match(c)).Where(m => m.Success).Select(m => m.Groups[1].Value)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return known.Count > 0
            ? $"{key}: '{name}' is not {kind}; use one of {string.Join(", ", known)} (names are case-sensitive; a sink from another package needs it in Serilog:Using)."
            : $"{key}: '{name}' is not {kind}; none is known (a sink from another package needs it in Serilog:Using).";
    }

    /// <summary>The key that names <paramref name="name"/> (<c>Serilog:WriteTo:0:Name</c>, or <c>Serilog:WriteTo:0</c> given as a string), at any depth.</summary>
    private static (string Key, string Kind)? Find(IConfigurationSection section, string name)
    {
        foreach (var child in section.GetChildren())
        {
            if (Kinds.TryGetValue(child.Key, out var kind))
            {
                foreach (var entry in child.GetChildren())
                {
                    if (entry.Value == name)
                    {
                        return (entry.Path, kind);
                    }

                    if (entry["Name"] == name)
                    {
                        return (entry.GetSection("Name").Path, kind);
                    }
                }
            }

            if (Find(child, name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>A method as <c>MethodInfo.ToString()</c> writes it: <c>ReturnType Name(Parameters)</c>.</summary>
    [GeneratedRegex(@"^\S+ (\w+)[\[(]")]
    private static partial Regex MethodName();
}
