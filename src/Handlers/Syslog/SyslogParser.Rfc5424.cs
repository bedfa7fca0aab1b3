using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <content>RFC 5424: <c>TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]</c> after <c>&lt;PRI&gt;1 </c>.</content>
public static partial class SyslogParser
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static bool TryParseRfc5424(ReadOnlySpan<byte> header, SyslogFacility facility, SyslogSeverity severity, int maxMessageSize, [NotNullWhen(true)] out SyslogMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        var pos = 0;
        // TIMESTAMP has no length of its own: it is checked as an RFC 3339 date-time below.
        if (!TryReadField(header, ref pos, "TIMESTAMP", "HOSTNAME", int.MaxValue, out var time, out error)
            || !TryReadField(header, ref pos, "HOSTNAME", "APP-NAME", MaxHostname, out var host, out error)
            || !TryReadField(header, ref pos, "APP-NAME", "PROCID", MaxAppName, out var app, out error)
            || !TryReadField(header, ref pos, "PROCID", "MSGID", MaxProcessId, out var procId, out error)
            || !TryReadField(header, ref pos, "MSGID", "STRUCTURED-DATA", MaxMessageId, out var msgId, out error))
        {
            return false;
        }

        DateTimeOffset? timestamp = null;
        if (!IsNil(time))
        {
            if (!SyslogTimestamps.TryParseRfc3339(time, out var parsed))
            {
                error = $"the RFC 5424 TIMESTAMP '{Show(time)}' is not an RFC 3339 date-time like 2026-11-24T15:20:36.123456+01:00 (upper-case T and Z, 1 to 9 fraction digits, no leap second)";
                return false;
            }

            timestamp = parsed;
        }

        if (!TryReadStructuredData(header, ref pos, out var structuredData, out error))
        {
            return false;
        }

        var text = ReadOnlySpan<byte>.Empty;
        if (pos < header.Length)
        {
            if (header[pos] != (byte)' ')
            {
                error = $"the RFC 5424 STRUCTURED-DATA must be followed by a space and MSG, not '{Show(header[pos..])}'";
                return false;
            }

            text = header[(pos + 1)..];
            if (text.StartsWith(ByteOrderMark))
            {
                text = text[ByteOrderMark.Length..];
            }
        }

        message = new SyslogMessage
        {
            Facility = facility,
            Severity = severity,
            Timestamp = timestamp,
            Hostname = IsNil(host) ? null : SyslogFieldText.Hostname(host),
            AppName = IsNil(app) ? null : SyslogFieldText.AppName(app),
            ProcessId = IsNil(procId) ? null : SyslogFieldText.ProcessId(procId),
            MessageId = Nullable(msgId),
            StructuredData = structuredData.IsEmpty ? null : SyslogMessageSize.StructuredDataText(structuredData, maxMessageSize),
            Message = DisplayText.FromUtf8(DisplayText.CutUtf8(text, maxMessageSize)),
            MessageLength = text.Length,
            StructuredDataLength = structuredData.Length,
            Format = SyslogFormat.Rfc5424,
        };
        return true;
    }

    /// <summary>Reads one header field of at most <paramref name="maxLength"/> bytes and the single space after it.</summary>
    private static bool TryReadField(ReadOnlySpan<byte> header, ref int pos, string name, string next, int maxLength, out ReadOnlySpan<byte> field, [NotNullWhen(false)] out string? error)
    {
        field = default;
        var rest = header[pos..];
        var space = rest.IndexOf((byte)' ');
        if (space < 0)
        {
            error = rest.IsEmpty
                ? $"the RFC 5424 header ends before {name}"
                : $"the RFC 5424 header ends after {name} '{Show(rest)}': {next} is missing";
            return false;
        }

        if (space == 0)
        {
            error = $"the RFC 5424 {name} is empty (two spaces in a row; a missing value is written -)";
            return false;
        }

        if (!IsToken(rest[..space]))
        {
            error = $"the RFC 5424 {name} '{Show(rest[..space])}' contains a control character";
            return false;
        }

        if (space > maxLength)
        {
            error = TooLong(name, rest[..space], maxLength);
            return false;
        }

        field = rest[..space];
        pos += space + 1;
        error = null;
        return true;
    }

    /// <summary>Reads <c>-</c> or one or more <c>[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]</c> (RFC 5424 §6.3).</summary>
    /// <param name="header">The header.</param>
    /// <param name="pos">Where STRUCTURED-DATA starts; on return, just after it.</param>
    /// <param name="structuredData">The elements as sent; empty for <c>-</c>.</param>
    /// <param name="error">What is wrong.</param>
    private static bool TryReadStructuredData(ReadOnlySpan<byte> header, ref int pos, out ReadOnlySpan<byte> structuredData, [NotNullWhen(false)] out string? error)
    {
        structuredData = default;
        error = null;
        if (pos == header.Length)
        {
            error = "the RFC 5424 header ends before STRUCTURED-DATA (written - when there is none)";
            return false;
        }

        if (header[pos] == (byte)'-')
        {
            pos++;
            return true;
        }

        if (header[pos] != (byte)'[')
        {
            error = $"the RFC 5424 STRUCTURED-DATA must be - or start with '[', not '{Show(header[pos..])}'";
            return false;
        }

        var start = pos;
        while (pos < header.Length && header[pos] == (byte)'[')
        {
            var element = pos++;
            if (!TryReadSdName(header, ref pos, "SD-ID", out _, out error))
            {
                return false;
            }

            while (pos < header.Length && header[pos] == (byte)' ')
            {
                pos++;
                if (!TryReadSdName(header, ref pos, "PARAM-NAME", out var name, out error) || !TryReadParamValue(header, ref pos, name, out error))
                {
                    return false;
                }
            }

            if (pos == header.Length || header[pos] != (byte)']')
            {
                error = $"the RFC 5424 SD-ELEMENT '{Show(header[element..])}' is not closed by ']' where it should be";
                return false;
            }

            pos++;
        }

        structuredData = header[start..pos];
        return true;
    }

    /// <summary>Reads an SD-NAME: printable US-ASCII except <c>=</c>, space, <c>]</c> and <c>"</c>.</summary>
    private static bool TryReadSdName(ReadOnlySpan<byte> header, ref int pos, string what, out ReadOnlySpan<byte> name, [NotNullWhen(false)] out string? error)
    {
        var start = pos;
        while (pos < header.Length && header[pos] is > 0x20 and < 0x7F and not ((byte)'=' or (byte)']' or (byte)'"'))
        {
            pos++;
        }

        name = header[start..pos];
        error = name.IsEmpty ? $"the RFC 5424 {what} is missing at '{Show(header[start..])}'"
            : name.Length > MaxSdName ? TooLong(what, name, MaxSdName)
            : null;
        return error is null;
    }

    private static string TooLong(string name, ReadOnlySpan<byte> field, int maxLength) =>
        $"the RFC 5424 {name} '{Show(field)}' is {field.Length} bytes long; RFC 5424 §6 allows at most {maxLength}";

    /// <summary>
    /// Reads <c>="PARAM-VALUE"</c>, in which a backslash escapes the next byte (<c>"</c>, <c>\</c> and <c>]</c> must be
    /// escaped; an unescaped <c>]</c> is accepted, being unambiguous inside the quotes).
    /// </summary>
    private static bool TryReadParamValue(ReadOnlySpan<byte> header, ref int pos, ReadOnlySpan<byte> name, [NotNullWhen(false)] out string? error)
    {
        if (!header[pos..].StartsWith("=\""u8))
        {
            error = $"the RFC 5424 SD-PARAM '{Show(name)}' must be followed by =\"value\", not '{Show(header[pos..])}'";
            return false;
        }

        pos += 2;
        while (pos < header.Length)
        {
            var b = header[pos];
            if (b == (byte)'"')
            {
                pos++;
                error = null;
                return true;
            }

            pos += b == (byte)'\\' ? 2 : 1;
        }

        error = $"the RFC 5424 PARAM-VALUE of '{Show(name)}' is not closed by '\"'";
        return false;
    }

    private static bool IsNil(ReadOnlySpan<byte> field) => field.Length == 1 && field[0] == (byte)'-';

    private static string? Nullable(ReadOnlySpan<byte> field) => IsNil(field) ? null : DisplayText.FromUtf8(field);
}
