using System.ComponentModel;
using System.Reflection;

namespace UnixDatagram.Hosting.Options;

/// <summary>
/// Checks a configuration section against the options type it binds to, value by value, where the configuration
/// binder would silently skip what it cannot convert (a list item, or a whole list entry of a complex type): every
/// value must convert, every list must be a list, and each unknown key is reported with the closest known name.
/// </summary>
internal sealed class ConfigurationSchema
{
    public List<string> Errors { get; } = [];

    /// <summary>Checks each key of <paramref name="section"/> against the properties of <paramref name="type"/>.</summary>
    public void CheckObject(IConfigurationSection section, Type type, params string[] extraKeys)
    {
        var properties = Properties(type);
        foreach (var child in section.GetChildren())
        {
            if (properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase)) is { } property)
            {
                CheckValue(child, property.PropertyType);
            }
            else if (!extraKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                Unknown(child, [.. properties.Select(p => p.Name), .. extraKeys]);
            }
        }
    }

    /// <summary>
    /// An unknown key fails start (and a reload), as sshd's unknown options do: a misspelt key would leave its default,
    /// or the file's value the operator meant to override, in force (<c>AllowedUserId</c> meaning everyone,
    /// <c>Endpionts</c> leaving the shipped endpoints bound, <c>QueueCapacty</c> a queue of another size).
    /// </summary>
    public void Unknown(IConfigurationSection child, IReadOnlyCollection<string> known, string what = "setting") =>
        Errors.Add($"{child.Path}: unknown {what} '{child.Key}'; {ConfigurationKeyHint.For(child.Key, known)} (a misspelt key would be ignored, so start fails)");

    private void CheckValue(IConfigurationSection section, Type type)
    {
        var children = section.GetChildren().ToList();
        if (children.Count > 0 && !string.IsNullOrEmpty(section.Value))
        {
            // One source (the command line, the environment) gave the key a value, another (a file) gave it entries:
            // the binder would take the entries and ignore the value, so an override meant to narrow a list would not.
            Errors.Add($"{section.Path}: given both the single value '{section.Value}' and {Entries(children)} by different configuration sources (a value on the command line or in the environment does not replace a list or section from a file: the binder would ignore it). Set it in one place: a later configuration file's list replaces the earlier one, or give each entry ({section.Path}:0, ...) and remove the file's.");
            return;
        }

        if (ElementType(type) is { } element)
        {
            if (children.Count == 0)
            {
                if (!string.IsNullOrEmpty(section.Value))
                {
                    Errors.Add($"{section.Path}: '{section.Value}' is not a list; write it as a list, such as [ {section.Value} ].");
                }

                return;
            }

            foreach (var item in children)
            {
                if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    Errors.Add($"{item.Path}: '{item.Key}' is not a list index: {section.Key} is a list.");
                    continue;
                }

                CheckValue(item, element);
            }

            return;
        }

        if (IsScalar(type))
        {
            if (children.Count > 0)
            {
                Errors.Add($"{section.Path}: expected a single value ({Describe(type)}), found a section or list.");
                return;
            }

            if (section.Value is { } value && Convert(value, type) is { } problem)
            {
                Errors.Add($"{section.Path}: '{value}' {problem}.");
            }

            return;
        }

        if (children.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                Errors.Add($"{section.Path}: '{section.Value}' is not a section: expected the settings of {type.Name}.");
            }

            return;
        }

        CheckObject(section, type);
    }

    private static string Entries(List<IConfigurationSection> children) =>
        children.Count == 1 ? $"the entry '{children[0].Key}'" : $"the entries {string.Join(", ", children.Select(c => $"'{c.Key}'"))}";

    /// <summary>Null when <paramref name="value"/> converts to <paramref name="type"/> as the binder would; else what is wrong.</summary>
    private static string? Convert(string value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null && value.Length == 0)
        {
            return null;
        }

        type = underlying ?? type;
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsEnum)
        {
            // Names only: the binder also takes numbers and comma lists, which hide typos and undefined values.
            return Enum.GetNames(type).Contains(value.Trim(), StringComparer.OrdinalIgnoreCase) ? null : $"is not one of {string.Join(", ", Enum.GetNames(type))}";
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(value, out _) ? null : "is not true or false";
        }

        if (type == typeof(TimeSpan))
        {
            return ConfigurationTimeSpan.Problem(value);
        }

        try
        {
            _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException || ex.InnerException is FormatException or OverflowException)
        {
            // A whole number the type cannot hold: its own limits are the validators' to state, not the type's.
            return System.Numerics.BigInteger.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) && IsInteger(type)
                ? "is out of range"
                : $"is not {Describe(type)}";
        }
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when IsInteger(type) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type == typeof(TimeSpan) => "a time span such as 00:00:30",
            _ when type == typeof(bool) => "true or false",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ => "a " + type.Name,
        };
    }

    private static bool IsInteger(Type type) =>
        type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(short) || type == typeof(byte);

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri);
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var argument]
            && typeof(IEnumerable<>).MakeGenericType(argument).IsAssignableFrom(type))
        {
            return argument;
        }

        return null;
    }

    private static List<PropertyInfo> Properties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)];
}
