using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// Parses syslog datagrams as local senders write them: glibc's <c>syslog(3)</c>, util-linux <c>logger</c> (RFC 3164 by
/// default, <c>--rfc3164</c> with a hostname, <c>--rfc5424</c>, <c>--octet-count</c>) and similar.
/// </summary>
/// <remarks>
/// <para>Strict where the RFCs are, lenient where real senders deviate:</para>
/// <list type="bullet">
/// <item>Trailing newlines, carriage returns and NULs are dropped (Python's <c>SysLogHandler</c> appends a NUL,
/// others a newline). An RFC 6587 octet count (<c>"38 &lt;13&gt;..."</c>, from <c>logger --octet-count</c>) is
/// dropped when it matches the length that follows.</item>
/// <item>A datagram that does not start with <c>&lt;</c> has no PRI: per RFC 3164 §4.3.3 it is read as
/// <c>user.notice</c> (<see cref="SyslogMessage.HasPriority"/> false) and parsed as RFC 3164. A PRI that is present
/// but broken (<c>&lt;&gt;</c>, <c>&lt;x&gt;</c>, more than 3 digits, over 191, no <c>&gt;</c>) is an error: the
/// sender meant to write one and got it wrong, so nothing after it can be trusted.</item>
/// <item><c>&lt;PRI&gt;1 </c> starts an RFC 5424 message, parsed strictly: every header field, single spaces, an
/// RFC 3339 timestamp (upper-case <c>T</c> and <c>Z</c>, 1 to 9 fraction digits, the first 7 kept, no leap second), well-formed
/// structured data, and the field lengths of RFC 5424 §6 in bytes: HOSTNAME at most 255, APP-NAME 48, PROCID 128, MSGID 32,
/// SD-ID and PARAM-NAME 32. A longer field is an error, as any other broken header is (so no field of a message grows
/// beyond its RFC length; <c>logger</c> checks APP-NAME and HOSTNAME itself, but sends a longer <c>--msgid</c> or
/// <c>--sd-id</c> as given). One leniency, seen from <c>logger</c> itself: header fields may hold UTF-8 (not only
/// printable US-ASCII). An unescaped <c>]</c> inside a quoted PARAM-VALUE is accepted, as it is unambiguous there.</item>
/// <item>Anything else is RFC 3164, which RFC 3164 §4.3 asks a receiver to read leniently: an optional
/// <c>Mmm dd hh:mm:ss</c> timestamp (day padded with a space, or leniently a zero) or an RFC 3339 one; then
/// <c>TAG[PID]: </c> or <c>TAG: </c>. A HOSTNAME is recognized only after a timestamp and only when a tag follows it,
/// because local senders leave it out (<c>logger</c> writes one only with <c>--rfc3164</c>): so
/// <c>root: hi</c> is tag <c>root</c>, and <c>vm root: hi</c> is host <c>vm</c> and tag <c>root</c>. A tag
/// containing a space (<c>openlog("my app", ...)</c>) is therefore read as host <c>my</c> and tag <c>app</c>. Fields
/// have the lengths of their RFC 5424 counterparts: a TAG of at most 48 bytes (APP-NAME; RFC 3164 §4.1.3's 32 is not
/// kept by real senders, see rsyslog's pmrfc3164), a PID of at most 128 (PROCID), a HOSTNAME of at most 255; a longer
/// word is not that field, and stays in the message. Text that has no tag is all message. An invalid timestamp (<c>Nov 31</c>, <c>25:00:00</c>) is not a timestamp, and stays
/// in the message.</item>
/// </list>
/// <para>Text fields are decoded from UTF-8 with control characters and invalid bytes escaped
/// (see <see cref="SyslogMessage"/>). Parsing never throws on any input: failures come back as a reason.</para>
/// </remarks>
public static partial class SyslogParser
{
    private const int MaxPriority = 191;
    private const int ShownBytes = 48;

    // Field lengths in bytes (RFC 5424 §6: HOSTNAME 1*255, APP-NAME 1*48, PROCID 1*128, MSGID 1*32, SD-NAME 1*32).
    private const int MaxHostname = 255;
    private const int MaxAppName = 48;
    private const int MaxProcessId = 128;
    private const int MaxMessageId = 32;
    private const int MaxSdName = 32;

    /// <summary>Parses one datagram, reading RFC 3164 timestamps against the system clock and local time zone.</summary>
    /// <param name="datagram">The datagram's bytes.</param>
    /// <param name="message">The message, when parsing succeeded.</param>
    /// <param name="error">Why the datagram is not a syslog message, when parsing failed.</param>
    /// <returns>Whether the datagram is a syslog message.</returns>
    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out SyslogMessage? message, [NotNullWhen(false)] out string? error) =>
        TryParse(datagram, TimeProvider.System, out message, out error);

    /// <summary>Parses one datagram.</summary>
    /// <param name="datagram">The datagram's bytes.</param>
    /// <param name="timeProvider">The clock and local time zone that RFC 3164 timestamps (no year, no zone) are read against.</param>
    /// <param name="message">The message, when parsing succeeded.</param>
    /// <param name="error">Why the datagram is not a syslog message, when parsing failed.</param>
    /// <returns>Whether the datagram is a syslog message.</returns>
    public static bool TryParse(ReadOnlySpan<byte> datagram, TimeProvider timeProvider, [NotNullWhen(true)] out SyslogMessage? message, [NotNullWhen(false)] out string? error) =>
        TryParse(datagram, timeProvider, int.MaxValue, out message, out error);

    /// <summary>
    /// Parses one datagram, decoding at most <paramref name="maxMessageSize"/> bytes of its MSG (cut before a character
    /// that would not fit whole); <see cref="SyslogMessage.MessageLength"/> keeps the MSG's whole length. STRUCTURED-DATA
    /// longer than <paramref name="maxMessageSize"/> is cut the same way and ends with a marker that gives its length.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> datagram, TimeProvider timeProvider, int maxMessageSize, [NotNullWhen(true)] out SyslogMessage? message, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var input = SkipOctetCount(datagram).TrimEnd("\n\r\0"u8);
        if (input.IsEmpty)
        {
            message = null;
            error = datagram.IsEmpty ? "the datagram is empty" : "the datagram holds only newlines and NULs";
            return false;
        }

        if (input[0] != (byte)'<')
        {
            message = ParseRfc3164(input, SyslogFacility.User, SyslogSeverity.Notice, hasPriority: false, timeProvider, maxMessageSize);
            error = null;
            return true;
        }

        if (!TryReadPriority(input, out var priority, out var length, out error))
        {
            message = null;
            return false;
        }

        var facility = (SyslogFacility)(priority >> 3);
        var severity = (SyslogSeverity)(priority & 7);
        var body = input[length..];
        if (body.StartsWith("1 "u8))
        {
            return TryParseRfc5424(body[2..], facility, severity, maxMessageSize, out message, out error);
        }

        message = ParseRfc3164(body, facility, severity, hasPriority: true, timeProvider, maxMessageSize);
        error = null;
        return true;
    }

    /// <summary>Parses one datagram, or throws.</summary>
    /// <param name="datagram">The datagram's bytes.</param>
    /// <param name="timeProvider">The clock and time zone for RFC 3164 timestamps; the system's when null.</param>
    /// <exception cref="FormatException">The datagram is not a syslog message; the message says why.</exception>
    public static SyslogMessage Parse(ReadOnlySpan<byte> datagram, TimeProvider? timeProvider = null) =>
        TryParse(datagram, timeProvider ?? TimeProvider.System, out var message, out var error)
            ? message
            : throw new FormatException("Not a syslog message: " + error + ".");

    /// <summary>Reads <c>&lt;PRIVAL&gt;</c>: 1 to 3 digits, 0 to 191 (RFC 5424 §6.2.1, RFC 3164 §4.1.1).</summary>
    private static bool TryReadPriority(ReadOnlySpan<byte> input, out int priority, out int length, [NotNullWhen(false)] out string? error)
    {
        priority = 0;
        length = 0;
        var close = input[..Math.Min(input.Length, 5)].IndexOf((byte)'>');
        if (close < 0)
        {
            error = $"the PRI at '{Show(input)}' is not closed: '<' must be followed by 1 to 3 digits and '>'";
            return false;
        }

        if (close == 1)
        {
            error = "the PRI '<>' holds no number";
            return false;
        }

        foreach (var digit in input[1..close])
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                error = $"the PRI '{Show(input[..(close + 1)])}' is not a number";
                return false;
            }

            priority = (priority * 10) + (digit - '0');
        }

        if (priority > MaxPriority)
        {
            error = $"the PRI <{priority}> is out of range: a priority is 0 to {MaxPriority} (facility 0 to 23 times 8, plus severity 0 to 7)";
            return false;
        }

        length = close + 1;
        error = null;
        return true;
    }

    /// <summary>Drops an RFC 6587 octet count (<c>LEN SP</c>) when the length that follows matches it.</summary>
    private static ReadOnlySpan<byte> SkipOctetCount(ReadOnlySpan<byte> datagram)
    {
        var digits = 0;
        var count = 0;
        while (digits < datagram.Length && digits < 9 && char.IsAsciiDigit((char)datagram[digits]))
        {
            count = (count * 10) + (datagram[digits] - '0');
            digits++;
        }

        if (digits == 0 || datagram[0] == (byte)'0' || digits + 1 >= datagram.Length || datagram[digits] != (byte)' ' || datagram[digits + 1] != (byte)'<')
        {
            return datagram;
        }

        var rest = datagram[(digits + 1)..];
        return count == rest.Length || count == rest.TrimEnd("\n\r\0"u8).Length ? rest : datagram;
    }

    /// <summary>
    /// The start of untrusted bytes, escaped as one token (a space shows as <c>\x20</c>), for an error message: quoted
    /// in a reason that a warning shows between fields of its own, they cannot close the quote and add look-alike fields.
    /// </summary>
    private static string Show(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= ShownBytes ? DisplayText.TokenFromUtf8(bytes) : DisplayText.TokenFromUtf8(DisplayText.CutUtf8(bytes, ShownBytes)) + "...";
}
