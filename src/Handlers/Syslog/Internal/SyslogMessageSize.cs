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
    /// The marker of a datagram the kernel truncated at the endpoint's <c>MaxDatagramSize</c> (its <c>WhenTruncated</c>
    /// <c>Deliver</c>) as a log message template: <c>[datagram cut at MaxDatagramSize 100 of its 315 bytes]</c>.
    /// </summary>
    public const string DatagramCutMarkerTemplate = "[datagram cut at MaxDatagramSize {MaxDatagramSize} of its {DatagramLength} bytes]";

    /// <summary>The datagram marker with its numbers, for text that is not a log event.</summary>
    public static string DatagramCutMarker(int maxDatagramSize, int datagramLength) => DatagramCutMarkerTemplate
        .Replace("{MaxDatagramSize}", maxDatagramSize.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{DatagramLength}", datagramLength.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// A datagram that is not a syslog message as display text: cut at <paramref name="maxMessageSize"/> with the cut
    /// marker (its whole length the datagram's), or, when the kernel truncated it, whole as received with the datagram marker.
    /// </summary>
    public static string RawText(DatagramContext context, int maxMessageSize)
    {
        var payload = context.Payload.Span;
        if (payload.Length > maxMessageSize)
        {
            return DisplayText.FromUtf8(DisplayText.CutUtf8(payload, maxMessageSize)) + " " + CutMarker(maxMessageSize, context.DatagramLength);
        }

        return context.IsTruncated ? DisplayText.FromUtf8(payload) + " " + DatagramCutMarker(payload.Length, context.DatagramLength) : DisplayText.FromUtf8(payload);
    }

    /// <summary>Whether a datagram that is not a syslog message is shown cut: longer than <paramref name="maxMessageSize"/>, or truncated by the kernel.</summary>
    public static bool IsCut(DatagramContext context, int maxMessageSize) => context.IsTruncated || context.Payload.Length > maxMessageSize;

    /// <summary>
    /// The MSG's whole length in bytes as sent: when the kernel truncated the datagram, what it left out was the end of
    /// the MSG (the last part of a syslog message), so it is the parsed length plus the bytes left out.
    /// </summary>
    public static int WholeLength(SyslogMessage message, DatagramContext context) =>
        context.IsTruncated ? message.MessageLength + (context.DatagramLength - context.Payload.Length) : message.MessageLength;

    /// <summary>
    /// The MSG of <paramref name="message"/> as a line shows it: with the cut marker when the parser cut it at
    /// <paramref name="maxMessageSize"/>, else with the datagram marker when the kernel truncated the datagram; either
    /// marker gives the MSG's or the datagram's whole length.
    /// </summary>
    public static string Text(SyslogMessage message, DatagramContext context, int maxMessageSize)
    {
        if (message.MessageLength > maxMessageSize)
        {
            return message.Message + " " + CutMarker(maxMessageSize, WholeLength(message, context));
        }

        return context.IsTruncated ? message.Message + " " + DatagramCutMarker(context.Payload.Length, context.DatagramLength) : message.Message;
    }

    /// <summary>Whether <paramref name="message"/> is shown cut: its MSG or STRUCTURED-DATA at <paramref name="maxMessageSize"/>, or the datagram by the kernel.</summary>
    public static bool IsCut(SyslogMessage message, DatagramContext context, int maxMessageSize) => context.IsTruncated || IsCut(message, maxMessageSize);

    /// <summary>
    /// STRUCTURED-DATA as display text, cut as <see cref="RawText"/> cuts a datagram, and then ending
    /// with <c>[structured data cut at MaxMessageSize 8192 of its 9000 bytes]</c>: RFC 5424 bounds no PARAM-VALUE.
    /// </summary>
    public static string StructuredDataText(ReadOnlySpan<byte> bytes, int maxMessageSize) =>
        bytes.Length <= maxMessageSize
            ? DisplayText.FromUtf8(bytes)
            : string.Create(CultureInfo.InvariantCulture, $"{DisplayText.FromUtf8(DisplayText.CutUtf8(bytes, maxMessageSize))} [structured data cut at MaxMessageSize {maxMessageSize} of its {bytes.Length} bytes]");

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
