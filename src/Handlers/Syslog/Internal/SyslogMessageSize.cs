namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// <c>MaxMessageSize</c>, shared by the <c>syslog</c> and <c>syslog-files</c> handlers: its check (RFC 5424 §6.1) and
/// the marker a cut message ends with, <c>[message cut at MaxMessageSize 8192 of its 65000 bytes]</c>. It bounds a
/// message's STRUCTURED-DATA too, on its own, which then ends with <c>[structured data cut at ...]</c>.
/// </summary>
internal static class SyslogMessageSize
{
    /// <summary>The smallest MSG every receiver takes (RFC 5424 §6.1).</summary>
    public const int Minimum = 480;

    /// <summary>The marker as a log message template (the <c>syslog</c> handler's events 2034 and 2035 carry both numbers as fields).</summary>
    public const string CutMarkerTemplate = "[message cut at MaxMessageSize {MaxMessageSize} of its {MessageLength} bytes]";

    /// <summary>The marker with its numbers, for text that is not a log event (a file's line, a malformed datagram's raw text).</summary>
    public static string CutMarker(int maxMessageSize, int messageLength) => CutMarkerTemplate
        .Replace("{MaxMessageSize}", maxMessageSize.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{MessageLength}", messageLength.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="bytes"/> as display text (escaped, see <see cref="DisplayText.FromUtf8"/>), cut before a character
    /// that would not fit whole in <paramref name="maxMessageSize"/> bytes and then ending with the marker.
    /// </summary>
    public static string Text(ReadOnlySpan<byte> bytes, int maxMessageSize)
    {
        if (bytes.Length <= maxMessageSize)
        {
            return DisplayText.FromUtf8(bytes);
        }

        return DisplayText.FromUtf8(DisplayText.CutUtf8(bytes, maxMessageSize)) + " " + CutMarker(maxMessageSize, bytes.Length);
    }

    /// <summary>
    /// STRUCTURED-DATA as display text, cut as <see cref="Text(ReadOnlySpan{byte}, int)"/> cuts a MSG, and then ending
    /// with <c>[structured data cut at MaxMessageSize 8192 of its 9000 bytes]</c>: RFC 5424 bounds no PARAM-VALUE.
    /// </summary>
    public static string StructuredDataText(ReadOnlySpan<byte> bytes, int maxMessageSize) =>
        bytes.Length <= maxMessageSize
            ? DisplayText.FromUtf8(bytes)
            : string.Create(CultureInfo.InvariantCulture, $"{DisplayText.FromUtf8(DisplayText.CutUtf8(bytes, maxMessageSize))} [structured data cut at MaxMessageSize {maxMessageSize} of its {bytes.Length} bytes]");

    /// <summary>The MSG of <paramref name="message"/>, which the parser cut at <paramref name="maxMessageSize"/>, with the marker when it was.</summary>
    public static string Text(SyslogMessage message, int maxMessageSize) =>
        message.MessageLength > maxMessageSize ? message.Message + " " + CutMarker(maxMessageSize, message.MessageLength) : message.Message;

    /// <summary>Whether <paramref name="message"/>'s MSG or STRUCTURED-DATA was cut at <paramref name="maxMessageSize"/>.</summary>
    public static bool IsCut(SyslogMessage message, int maxMessageSize) =>
        message.MessageLength > maxMessageSize || message.StructuredDataLength > maxMessageSize;

    /// <summary>Adds a failure naming <paramref name="key"/> when <paramref name="value"/> is below <see cref="Minimum"/>.</summary>
    public static void Check(string key, int value, List<string> failures)
    {
        if (value < Minimum)
        {
            failures.Add($"{key}: {value} is below {Minimum}, the message size every syslog receiver takes (RFC 5424 §6.1); use {Minimum} or more (default {SyslogHandlerOptions.DefaultMaxMessageSize}).");
        }
    }
}
