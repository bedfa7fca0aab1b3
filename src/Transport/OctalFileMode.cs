namespace UnixDatagram.Transport;

/// <summary>File modes written as <c>chmod(1)</c> writes them in octal, such as <c>0660</c>, as configuration holds them.</summary>
public static class OctalFileMode
{
    /// <summary>
    /// Parses an octal mode such as <c>0660</c> or <c>640</c> (digits 0-7, at most <c>07777</c>; surrounding white
    /// space ignored).
    /// </summary>
    /// <returns>The mode; null when <paramref name="text"/> is null, empty or white space.</returns>
    /// <exception cref="FormatException">The text is not octal, or larger than <c>07777</c>; the message quotes it.</exception>
    public static UnixFileMode? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = 0;
        foreach (var c in text.Trim())
        {
            if (c is < '0' or > '7')
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{text}' is not an octal file mode such as 0660."));
            }

            value = (value * 8) + (c - '0');
            if (value > 0xFFF)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{text}' is larger than 07777."));
            }
        }

        return (UnixFileMode)value;
    }

    /// <summary>The mode bits as four octal digits, such as <c>0755</c> (the file type bits left out).</summary>
    internal static string Format(uint mode) => Convert.ToString(mode & 0xFFF, 8).PadLeft(4, '0');
}
