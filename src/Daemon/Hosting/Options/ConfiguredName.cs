namespace UnixDatagram.Hosting.Options;

/// <summary>
/// The one form of the names an operator gives endpoints, targets and handlers: 1 to 64 characters, each an ASCII
/// letter, digit, <c>.</c>, <c>_</c> or <c>-</c>, the first a letter or digit. These names go unescaped into log
/// lines and the logger category, metric tags, health check names, systemd's <c>STATUS=</c> line and the control
/// socket's JSON; a handler's name is also a configuration key (<c>Daemon:Handlers:&lt;name&gt;</c>), where <c>:</c>
/// separates sections. A name of any other form is refused at start and at reload, naming its key and value.
/// </summary>
internal static class ConfiguredName
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 64;

    /// <summary>The form, for error messages.</summary>
    public const string Form = "a name is 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>Whether <paramref name="name"/> has the form.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A value as an error message shows it: control characters escaped (<c>\n</c>, <c>\x1b</c>), cut to a readable length.</summary>
    public static string Show(string? value)
    {
        var shown = DisplayText.FromString(value);
        return shown.Length <= 200 ? shown : string.Concat(shown.AsSpan(0, 200), "...");
    }

    /// <summary>
    /// Names are unique ignoring case, as configuration keys, health check names and metric tags are read:
    /// <paramref name="earlier"/> and <paramref name="later"/> as an error message shows them when only case sets them
    /// apart (<c> ('ingest'; names are compared ignoring case)</c>), else nothing.
    /// </summary>
    public static string SpeltOtherwise(string? earlier, string? later) =>
        string.Equals(earlier, later, StringComparison.Ordinal) ? string.Empty : $" ('{Show(earlier)}'; names are compared ignoring case)";

    /// <summary>
    /// The failure for the name at <paramref name="key"/>, or null when it has the form. <paramref name="what"/>
    /// says whose name it is (<c>endpoint</c>, <c>target</c>, <c>handler</c>).
    /// </summary>
    public static string? Check(string key, string what, string? name) =>
        IsValid(name) ? null : $"{key}: '{Show(name)}' is not a valid {what} name: {Form} (it is written into log lines, metric tags, health check names and the control socket's JSON).";
}
