namespace UnixDatagram.Handlers;

/// <summary>How <see cref="LogHandler"/> shows a payload.</summary>
public enum PayloadFormat
{
    /// <summary>
    /// As UTF-8 text. Control characters are escaped (<c>\n</c>, <c>\t</c>, <c>\x1b</c>, <c>\u0085</c>) so a payload
    /// cannot forge log lines, and bytes that are not valid UTF-8 are shown as <c>\xNN</c>. A backslash is shown as
    /// is, so the text is for reading: use <see cref="Hex"/> when the exact bytes matter.
    /// </summary>
    Text,
    /// <summary>As lower-case hexadecimal, two digits per byte, no separators.</summary>
    Hex,
}
