using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <content>RFC 3164, as glibc's <c>syslog(3)</c> and <c>logger</c> write it: <c>[TIMESTAMP SP [HOSTNAME SP]] [TAG[PID]: ] MSG</c>.</content>
public static partial class SyslogParser
{
    private static SyslogMessage ParseRfc3164(ReadOnlySpan<byte> body, SyslogFacility facility, SyslogSeverity severity, bool hasPriority, TimeProvider timeProvider, int maxMessageSize)
    {
        var rest = body;
        DateTimeOffset? timestamp = null;
        if (SyslogTimestamps.TryParseRfc3164(rest, timeProvider, out var parsed, out var used)
            || SyslogTimestamps.TryParseRfc3339Prefix(rest, out parsed, out used))
        {
            timestamp = parsed;
            rest = used < rest.Length ? rest[(used + 1)..] : [];
        }

        ReadOnlySpan<byte> host = default, tag = default, pid = default;
        if (!TryReadTag(rest, out tag, out pid, out var text))
        {
            // A hostname only ever follows a timestamp, and is only told from text by the tag after it.
            var space = rest.IndexOf((byte)' ');
            if (timestamp is not null && space is > 0 and <= MaxHostname && IsToken(rest[..space]) && TryReadTag(rest[(space + 1)..], out tag, out pid, out text))
            {
                host = rest[..space];
            }
            else
            {
                text = rest;
            }
        }

        return new SyslogMessage
        {
            Facility = facility,
            Severity = severity,
            HasPriority = hasPriority,
            Timestamp = timestamp,
            Hostname = host.IsEmpty ? null : SyslogFieldText.Hostname(host),
            AppName = tag.IsEmpty ? null : SyslogFieldText.AppName(tag),
            ProcessId = pid.IsEmpty ? null : SyslogFieldText.ProcessId(pid),
            Message = DisplayText.FromUtf8(DisplayText.CutUtf8(text, maxMessageSize)),
            MessageLength = text.Length,
            Format = SyslogFormat.Rfc3164,
        };
    }

    /// <summary>
    /// Reads <c>TAG[PID]: </c> or <c>TAG: </c> (the colon ends the input or is followed by a space, so that
    /// <c>http://host</c> is not a tag), with a TAG of at most 48 bytes and a PID of at most 128.
    /// </summary>
    private static bool TryReadTag(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> tag, out ReadOnlySpan<byte> pid, out ReadOnlySpan<byte> text)
    {
        tag = pid = text = default;
        var i = 0;
        while (i < input.Length && i <= MaxAppName && IsTokenByte(input[i]) && input[i] is not ((byte)':' or (byte)'[' or (byte)']'))
        {
            i++;
        }

        if (i == 0 || i == input.Length || i > MaxAppName)
        {
            return false;
        }

        var name = input[..i];
        var number = ReadOnlySpan<byte>.Empty;
        if (input[i] == (byte)'[')
        {
            var start = ++i;
            while (i < input.Length && i - start <= MaxProcessId && IsTokenByte(input[i]) && input[i] is not ((byte)'[' or (byte)']'))
            {
                i++;
            }

            if (i == start || i == input.Length || i - start > MaxProcessId || input[i] != (byte)']')
            {
                return false;
            }

            number = input[start..i];
            i++;
        }

        if (i == input.Length || input[i] != (byte)':' || (i + 1 < input.Length && input[i + 1] != (byte)' '))
        {
            return false;
        }

        tag = name;
        pid = number;
        text = i + 2 <= input.Length ? input[(i + 2)..] : [];
        return true;
    }

    /// <summary>Whether every byte is printable (not a space, control or DEL); UTF-8 passes.</summary>
    private static bool IsToken(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!IsTokenByte(b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTokenByte(byte value) => value > 0x20 && value != 0x7F;
}
