namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// An rsyslog string template (<c>%TIMESTAMP% %HOSTNAME% %syslogtag%%msg%</c>) compiled once: literal text and
/// properties with options. Rendering appends one line, newline included, to a <see cref="StringBuilder"/>; every value
/// is already escaped (the parser escapes message fields; see <see cref="SyslogMessage"/>), so a line holds no newline.
/// </summary>
internal sealed class SyslogTemplate
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly HashSet<string> Properties = new(StringComparer.OrdinalIgnoreCase)
    {
        "timestamp", "timereported", "timegenerated", "timestamp-claimed", "hostname", "hostname-claimed", "fromhost", "syslogtag", "programname", "app-name", "procid",
        "msgid", "structured-data", "msg", "syslogfacility-text", "syslogseverity-text", "syslogfacility",
        "syslogseverity", "pri", "pri-text", "pid", "uid", "gid", "endpoint",
    };

    private static readonly HashSet<string> Options = new(StringComparer.OrdinalIgnoreCase) { "date-rfc3339", "date-rfc3164", "sp-if-no-1st-sp", "drop-last-lf" };

    private readonly Part[] _parts;

    private SyslogTemplate(Part[] parts)
    {
        _parts = parts;
    }

    /// <summary>Compiles <paramref name="text"/>; <paramref name="error"/> names what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SyslogTemplate? template, [NotNullWhen(false)] out string? error)
    {
        template = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the template is empty";
            return false;
        }

        if (text.Any(char.IsControl))
        {
            error = "the template holds a control character (a newline?); each message is one line, and the line's newline is added";
            return false;
        }

        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                literal.Append(text[i]);
                continue;
            }

            var close = text.IndexOf('%', i + 1);
            if (close < 0)
            {
                error = $"the '%' at position {i} is not closed; a property is written %name% and a percent sign %%";
                return false;
            }

            if (close == i + 1)
            {
                literal.Append('%');
                i = close;
                continue;
            }

            var spec = text[(i + 1)..close].Split(":::");
            var name = spec[0];
            if (!Properties.Contains(name))
            {
                error = $"'%{text[(i + 1)..close]}%': '{name}' is not a property; use one of {string.Join(", ", Properties.Order(StringComparer.Ordinal))}";
                return false;
            }

            var options = spec.Length > 1 ? spec[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            if (spec.Length > 2 || options.FirstOrDefault(o => !Options.Contains(o)) is { } unknown)
            {
                error = $"'%{text[(i + 1)..close]}%': only %name% and %name:::option,...% are supported, with the options {string.Join(", ", Options)}";
                return false;
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, []));
                literal.Clear();
            }

            parts.Add(new Part(null, name.ToLowerInvariant(), [.. options.Select(o => o.ToLowerInvariant())]));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null, []));
        }

        template = new SyslogTemplate([.. parts]);
        error = null;
        return true;
    }

    /// <summary>Appends the line for <paramref name="entry"/>, newline included.</summary>
    public void Render(StringBuilder line, in SyslogFileEntry entry)
    {
        foreach (var part in _parts)
        {
            if (part.Literal is { } literal)
            {
                line.Append(literal);
                continue;
            }

            var value = Value(part, entry);
            if (Array.IndexOf(part.Options, "drop-last-lf") >= 0 && value.EndsWith("\\n", StringComparison.Ordinal))
            {
                value = value[..^2];
            }

            if (Array.IndexOf(part.Options, "sp-if-no-1st-sp") >= 0)
            {
                // rsyslog: a space, unless the value starts with one; only the space, never the value itself.
                if (value.Length == 0 || value[0] != ' ')
                {
                    line.Append(' ');
                }

                continue;
            }

            line.Append(value);
        }

        line.Append('\n');
    }

    private static string Value(Part part, in SyslogFileEntry entry)
    {
        var m = entry.Message;
        return part.Name switch
        {
            "timestamp" or "timereported" => Time(entry.Reported, part, entry.LocalZone),
            "timegenerated" => Time(entry.Received, part, entry.LocalZone),
            "timestamp-claimed" => m.Timestamp is { } claimed ? Time(claimed, part, entry.LocalZone) : "-",
            "hostname" => entry.Hostname,
            "hostname-claimed" => m.Hostname ?? "-",
            "fromhost" => entry.LocalHostname,
            "syslogtag" => m.AppName is null ? string.Empty : m.ProcessId is null ? m.AppName + ":" : $"{m.AppName}[{m.ProcessId}]:",
            "programname" or "app-name" => m.AppName ?? "-",
            "procid" => m.ProcessId ?? "-",
            "msgid" => m.MessageId ?? "-",
            "structured-data" => m.StructuredData ?? "-",
            "msg" => m.Message,
            "syslogfacility-text" => SyslogNames.Keyword(m.Facility),
            "syslogseverity-text" => SyslogNames.Keyword(m.Severity),
            "syslogfacility" => ((int)m.Facility).ToString(CultureInfo.InvariantCulture),
            "syslogseverity" => ((int)m.Severity).ToString(CultureInfo.InvariantCulture),
            "pri" => m.Priority.ToString(CultureInfo.InvariantCulture),
            "pri-text" => SyslogNames.Keyword(m.Facility) + "." + SyslogNames.Keyword(m.Severity),
            "pid" => entry.Credentials is { } c ? c.ProcessId.ToString(CultureInfo.InvariantCulture) : "-",
            "uid" => entry.Credentials is { } u ? u.UserId.ToString(CultureInfo.InvariantCulture) : "-",
            "gid" => entry.Credentials is { } g ? g.GroupId.ToString(CultureInfo.InvariantCulture) : "-",
            "endpoint" => entry.Endpoint,
            _ => string.Empty,
        };
    }

    private static string Time(DateTimeOffset time, Part part, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(time, zone);
        if (Array.IndexOf(part.Options, "date-rfc3339") >= 0)
        {
            return local.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Months[local.Month - 1]} {local.Day,2} {local:HH:mm:ss}");
    }

    private sealed record Part(string? Literal, string? Name, string[] Options);
}
