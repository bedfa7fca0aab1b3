using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace UnixDatagram.Transport;

/// <summary>
/// Turns untrusted bytes (payloads, sender addresses, anything a peer chose) into text that is safe to put in a log
/// line: control characters (C0, DEL, C1, so also ESC and newlines) are escaped, so are the characters that break a
/// line, reorder or hide text, or look like a plain space without being one (<see cref="IsLineBreakOrInvisible"/>),
/// and bytes that are not valid UTF-8 are shown as <c>\xNN</c>. Never throws.
/// </summary>
/// <remarks>
/// <see cref="TokenFromUtf8"/> also escapes the plain space (<c>\x20</c>) and the backslash (<c>\\</c>), for what a
/// sender chooses that a log line shows as one token (its socket address), so that it cannot add look-alike fields to
/// the line, nor pass a typed <c>\x20</c> for an escaped space.
/// </remarks>
public static class DisplayText
{
    private static readonly SearchValues<byte> NotPrintableAscii = SearchValues.Create(NotPrintableAsciiBytes(token: false));

    private static readonly SearchValues<byte> NotPrintableAsciiOrSpace = SearchValues.Create(NotPrintableAsciiBytes(token: true));

    /// <summary>
    /// Decodes UTF-8, escaping control characters (C0, DEL, C1) so that a payload cannot forge log lines, and showing
    /// bytes that are not valid UTF-8 as <c>\xNN</c>. Never throws. A backslash is kept as is: the result is for reading.
    /// </summary>
    public static string FromUtf8(ReadOnlySpan<byte> bytes) => Decode(bytes, token: false);

    /// <summary>
    /// Decodes UTF-8 as <see cref="FromUtf8"/> does, and also shows the plain space (U+0020) as <c>\x20</c> and a
    /// backslash as <c>\\</c>, so that the result is one token whose escapes are all the escaper's: for an identifier
    /// a sender chooses, such as its socket address, which a log line shows unquoted between fields of its own.
    /// </summary>
    public static string TokenFromUtf8(ReadOnlySpan<byte> bytes) => Decode(bytes, token: true);

    private static string Decode(ReadOnlySpan<byte> bytes, bool token)
    {
        var first = bytes.IndexOfAny(token ? NotPrintableAsciiOrSpace : NotPrintableAscii);
        if (first < 0)
        {
            return Encoding.ASCII.GetString(bytes);
        }

        var rest = bytes[first..];
        if (Utf8.IsValid(rest) && !HasControlCharacter(rest) && !(token && rest.IndexOfAny((byte)' ', (byte)'\\') >= 0))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        return Escape(bytes, first, token);
    }

    /// <summary>
    /// Escapes control characters (C0, DEL, C1) in <paramref name="text"/> as <see cref="FromUtf8"/> does, and lone
    /// surrogates as <c>\uXXXX</c>; text without any is returned as is.
    /// </summary>
    public static string FromString(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) || char.IsSurrogate(c) || IsLineBreakOrInvisible(c))
            {
                break;
            }
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text.AsSpan(0, i));
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var value = char.ConvertToUtf32(c, text[i + 1]);
                if (IsLineBreakOrInvisible(value))
                {
                    AppendCodePointEscape(builder, value);
                }
                else
                {
                    builder.Append(c).Append(text[i + 1]);
                }

                i++;
            }
            else if (c < 0x20 || c == 0x7F)
            {
                AppendControl(builder, c, i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]));
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || IsLineBreakOrInvisible(c))
            {
                AppendCodePointEscape(builder, c);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Shows bytes as lower-case hex, two digits each.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>
    /// The first <paramref name="maxBytes"/> bytes, or fewer so that a UTF-8 character is not split (which would
    /// show its first bytes as <c>\xNN</c>).
    /// </summary>
    public static ReadOnlySpan<byte> CutUtf8(ReadOnlySpan<byte> bytes, int maxBytes)
    {
        if (bytes.Length <= maxBytes)
        {
            return bytes;
        }

        // bytes[end] is the first byte left out: while it continues a character, that character would be split.
        var end = maxBytes;
        for (var steps = 0; steps < 3 && end > 0 && IsContinuation(bytes[end]); steps++)
        {
            end--;
        }

        return IsContinuation(bytes[end]) ? bytes[..maxBytes] : bytes[..end];
    }

    /// <summary>
    /// Whether <paramref name="value"/> breaks a line, reorders or hides text, or passes for a plain space, though it
    /// is not a control character:
    /// <list type="bullet">
    /// <item>the line and paragraph separators (U+2028, U+2029);</item>
    /// <item>every format character (Unicode general category Cf): the bidirectional marks, embeddings, overrides and
    /// isolates (the "Trojan Source" characters, Unicode Standard Annex #9), the zero width space, word joiner and
    /// byte order mark, the soft hyphen, the tag characters (U+E0000..U+E007F) and the rest;</item>
    /// <item>every space separator (category Zs) but the plain space U+0020: the no-break space U+00A0, the en and em
    /// spaces U+2000..U+200A, the ideographic space U+3000 and the others, which a log line would show as the
    /// space between its own fields;</item>
    /// <item>the other invisible code points Unicode calls Default_Ignorable_Code_Point (DerivedCoreProperties.txt)
    /// that are not format characters: the combining grapheme joiner U+034F, the Hangul fillers U+115F, U+1160,
    /// U+3164, U+FFA0, the Khmer inherent vowels U+17B4, U+17B5, the Mongolian variation selectors U+180B..U+180D and
    /// U+180F, the variation selectors U+FE00..U+FE0D, and the reserved U+2065, U+FFF0..U+FFF8 and
    /// U+E0000..U+E0FFF (which hold the variation selectors U+E0100..U+E01EF).</item>
    /// </list>
    /// Kept, since scripts and emoji need them and they hide or move nothing: the zero width (non-)joiners (U+200C,
    /// U+200D) and the text and emoji presentation selectors (U+FE0E, U+FE0F).
    /// </summary>
    public static bool IsLineBreakOrInvisible(int value) =>
        value > 0x7F
        && value is not (0x200C or 0x200D or 0xFE0E or 0xFE0F)
        && (value is 0x2028 or 0x2029 or 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F)
                or 0x2065 or 0x3164 or (>= 0xFE00 and <= 0xFE0F) or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8)
                or (>= 0xE0000 and <= 0xE0FFF)
            || (Rune.IsValid(value) && Rune.GetUnicodeCategory(new Rune(value)) is UnicodeCategory.Format or UnicodeCategory.SpaceSeparator));

    private static bool IsContinuation(byte value) => (value & 0xC0) == 0x80;

    /// <summary>
    /// Whether valid UTF-8 holds a C0 control, DEL, a C1 control (U+0080..U+009F) or a character
    /// <see cref="IsLineBreakOrInvisible"/>.
    /// </summary>
    private static bool HasControlCharacter(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b < 0x20 || b == 0x7F)
            {
                return true;
            }

            if (b >= 0xC2 && Rune.DecodeFromUtf8(utf8[i..], out var rune, out var consumed) == OperationStatus.Done)
            {
                if (rune.Value <= 0x9F || IsLineBreakOrInvisible(rune.Value))
                {
                    return true;
                }

                i += consumed - 1;
            }
        }

        return false;
    }

    private static string Escape(ReadOnlySpan<byte> bytes, int start, bool token)
    {
        var builder = new StringBuilder(bytes.Length + 16);
        builder.Append(Encoding.ASCII.GetString(bytes[..start]));
        Span<char> chars = stackalloc char[2];
        var rest = bytes[start..];
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (status != OperationStatus.Done)
            {
                foreach (var b in rest[..consumed])
                {
                    AppendHexEscape(builder, b);
                }
            }
            else if (rune.Value < 0x20 || rune.Value == 0x7F)
            {
                AppendControl(builder, rune.Value, rest.Length > consumed && char.IsAsciiDigit((char)rest[consumed]));
            }
            else if (token && rune.Value == ' ')
            {
                AppendHexEscape(builder, (byte)' ');
            }
            else if (token && rune.Value == '\\')
            {
                builder.Append('\\').Append('\\');
            }
            else if (rune.Value is >= 0x80 and <= 0x9F || IsLineBreakOrInvisible(rune.Value))
            {
                AppendCodePointEscape(builder, rune.Value);
            }
            else
            {
                builder.Append(chars[..rune.EncodeToUtf16(chars)]);
            }

            rest = rest[consumed..];
        }

        return builder.ToString();
    }

    /// <summary>
    /// <c>\0</c>, <c>\t</c>, <c>\n</c>, <c>\r</c>, else <c>\xXX</c>; NUL before a digit is <c>\x00</c>, since <c>\03</c>
    /// would read as one octal escape (as in C).
    /// </summary>
    private static void AppendControl(StringBuilder builder, int value, bool digitFollows)
    {
        switch (value)
        {
            case '\0' when !digitFollows: builder.Append("\\0"); break;
            case '\t': builder.Append("\\t"); break;
            case '\n': builder.Append("\\n"); break;
            case '\r': builder.Append("\\r"); break;
            default: AppendHexEscape(builder, (byte)value); break;
        }
    }

    /// <summary><c>\uXXXX</c>, or <c>\UXXXXXXXX</c> beyond the Basic Multilingual Plane (as C and Python write them).</summary>
    private static void AppendCodePointEscape(StringBuilder builder, int value)
    {
        if (value > 0xFFFF)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\U{value:x8}");
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\u{value:x4}");
        }
    }

    private static void AppendHexEscape(StringBuilder builder, byte value) =>
        builder.Append(CultureInfo.InvariantCulture, $"\\x{value:x2}");

    private static byte[] NotPrintableAsciiBytes(bool token)
    {
        var bytes = new List<byte>();
        for (var b = 0; b <= 0xFF; b++)
        {
            if (b < 0x20 || b >= 0x7F || (token && b is ' ' or '\\'))
            {
                bytes.Add((byte)b);
            }
        }

        return [.. bytes];
    }
}
