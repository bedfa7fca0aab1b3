namespace UnixDatagram.Handlers.Internal;

/// <summary>The two timestamp forms syslog senders write: RFC 3164's <c>Mmm dd hh:mm:ss</c> and RFC 3339 (RFC 5424 §6.2.3).</summary>
internal static class SyslogTimestamps
{
    private const int Rfc3164Length = 15;

    /// <summary>The most fraction-of-second digits read: 9, nanoseconds.</summary>
    private const int MaxFractionDigits = 9;

    /// <summary>The fraction digits a <see cref="DateTimeOffset"/> holds: 7, 100 ns ticks.</summary>
    private const int TickDigits = 7;

    private static ReadOnlySpan<byte> Months => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    /// <summary>
    /// Reads <c>Mmm dd hh:mm:ss</c> (day padded with a space, or leniently a zero) followed by a space or the end. It has
    /// no year and no zone: it is read in the local time zone of <paramref name="time"/> (a UNIX socket's sender is on
    /// this host), in the year that puts it at most a week ahead of now, so December's messages read in January land
    /// in December of last year.
    /// </summary>
    public static bool TryParseRfc3164(ReadOnlySpan<byte> s, TimeProvider time, out DateTimeOffset value, out int length)
    {
        value = default;
        length = Rfc3164Length;
        if (s.Length < Rfc3164Length || (s.Length > Rfc3164Length && s[Rfc3164Length] != (byte)' ')
            || s[3] != (byte)' ' || s[6] != (byte)' ' || s[9] != (byte)':' || s[12] != (byte)':')
        {
            return false;
        }

        var month = Months.IndexOf(s[..3]);
        var day = s[4] == (byte)' ' ? Digit(s[5]) : Number(s.Slice(4, 2));
        if (month < 0 || month % 3 != 0 || day < 1 || !TryTime(s[7..], out var hour, out var minute, out var second))
        {
            return false;
        }

        var now = time.GetLocalNow();
        for (var year = now.Year; year >= now.Year - 1; year--)
        {
            if (day > DateTime.DaysInMonth(year, (month / 3) + 1))
            {
                // Feb 29 read in a common year may still be last year's.
                continue;
            }

            var local = new DateTime(year, (month / 3) + 1, day, hour, minute, second, DateTimeKind.Unspecified);
            if (year < now.Year || local <= now.DateTime.AddDays(7))
            {
                value = new DateTimeOffset(local, time.LocalTimeZone.GetUtcOffset(local));
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads an RFC 3339 timestamp that ends <paramref name="s"/> or is followed by a space.</summary>
    public static bool TryParseRfc3339Prefix(ReadOnlySpan<byte> s, out DateTimeOffset value, out int length)
    {
        length = s.IndexOf((byte)' ');
        if (length < 0)
        {
            length = s.Length;
        }

        value = default;
        return length > 0 && char.IsAsciiDigit((char)s[0]) && TryParseRfc3339(s[..length], out value);
    }

    /// <summary>
    /// Reads <c>YYYY-MM-DDThh:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)</c>: RFC 3339 §5.6 with RFC 5424 §6.2.3's upper-case
    /// <c>T</c> and <c>Z</c> and no leap second. RFC 5424 allows at most 6 fraction digits (TIME-SECFRAC), but real
    /// senders write 7 (.NET's <c>"o"</c> format) or 9 (Go's and Rust's nanosecond clocks), which RFC 3339 allows: up
    /// to <see cref="MaxFractionDigits"/> are read, the first 7 kept (what <see cref="DateTimeOffset"/> holds, 100 ns
    /// ticks), the rest truncated.
    /// </summary>
    public static bool TryParseRfc3339(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s[4] != (byte)'-' || s[7] != (byte)'-' || s[10] != (byte)'T' || s[13] != (byte)':' || s[16] != (byte)':')
        {
            return false;
        }

        int year = Number(s[..4]), month = Number(s.Slice(5, 2)), day = Number(s.Slice(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || !TryTime(s[11..], out var hour, out var minute, out var second))
        {
            return false;
        }

        var i = 19;
        long fraction = 0;
        if (s[i] == (byte)'.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                if (i - start < TickDigits)
                {
                    fraction = (fraction * 10) + (s[i] - '0');
                }

                i++;
            }

            if (i == start || i - start > MaxFractionDigits)
            {
                return false;
            }

            for (var digits = i - start; digits < TickDigits; digits++)
            {
                fraction *= 10;
            }
        }

        if (!TryOffset(s[i..], out var offset))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        var utcTicks = local.Ticks + fraction - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks || local.Ticks + fraction > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local.AddTicks(fraction), offset);
        return true;
    }

    /// <summary>Reads <c>Z</c> or <c>+hh:mm</c>/<c>-hh:mm</c> (within the ±14 hours a <see cref="DateTimeOffset"/> holds), and nothing after it.</summary>
    private static bool TryOffset(ReadOnlySpan<byte> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s.Length == 1 && s[0] == (byte)'Z')
        {
            return true;
        }

        if (s.Length != 6 || s[0] is not ((byte)'+' or (byte)'-') || s[3] != (byte)':')
        {
            return false;
        }

        int hours = Number(s.Slice(1, 2)), minutes = Number(s.Slice(4, 2));
        if (hours < 0 || minutes is < 0 or > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (s[0] == (byte)'-')
        {
            offset = -offset;
        }

        return offset.Duration() <= TimeSpan.FromHours(14);
    }

    /// <summary>Reads <c>hh:mm:ss</c> (the separators are checked by the caller): 00-23, 00-59, 00-59.</summary>
    private static bool TryTime(ReadOnlySpan<byte> s, out int hour, out int minute, out int second)
    {
        hour = Number(s[..2]);
        minute = Number(s.Slice(3, 2));
        second = Number(s.Slice(6, 2));
        return hour is >= 0 and <= 23 && minute is >= 0 and <= 59 && second is >= 0 and <= 59;
    }

    /// <summary>The value of ASCII digits, or -1 if any byte is not one.</summary>
    private static int Number(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var b in digits)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return -1;
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }

    private static int Digit(byte b) => char.IsAsciiDigit((char)b) ? b - '0' : -1;
}
