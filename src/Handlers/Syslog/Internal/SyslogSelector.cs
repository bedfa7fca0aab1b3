namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// A syslog.conf / rsyslog selector (<c>*.*;auth,authpriv.none</c>) compiled to one bit per severity for each of the
/// 24 facilities. Items apply in order, as rsyslog's <c>cflineProcessTradPRIFilter</c> does: <c>info</c> adds info and
/// more urgent, <c>=info</c> adds info, <c>!info</c> removes info and more urgent, <c>!=info</c> removes info,
/// <c>*</c> adds all, <c>none</c> removes all.
/// </summary>
internal sealed class SyslogSelector
{
    private const int FacilityCount = 24;
    private const byte AllSeverities = 0xFF;

    private static readonly Dictionary<string, int> FacilityAliases = new(StringComparer.OrdinalIgnoreCase) { ["security"] = 4 };

    private static readonly Dictionary<string, int> SeverityAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["panic"] = 0, ["error"] = 3, ["warn"] = 4,
    };

    private readonly byte[] _mask;

    private SyslogSelector(byte[] mask)
    {
        _mask = mask;
    }

    /// <summary>Whether a message of this facility and severity is selected.</summary>
    public bool Matches(SyslogFacility facility, SyslogSeverity severity) =>
        (uint)facility < FacilityCount && (_mask[(int)facility] & (1 << (int)severity)) != 0;

    /// <summary>Compiles <paramref name="text"/>; <paramref name="error"/> says what is wrong with it, naming the item.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SyslogSelector? selector, [NotNullWhen(false)] out string? error)
    {
        selector = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the selector is empty; write FACILITY.SEVERITY items separated by ';', for example *.* or mail.*;*.err";
            return false;
        }

        var mask = new byte[FacilityCount];
        foreach (var raw in text.Split(';'))
        {
            var item = raw.Trim();
            var dot = item.LastIndexOf('.');
            if (dot <= 0 || dot == item.Length - 1)
            {
                error = $"'{item}' is not FACILITY.SEVERITY (for example mail.* or *.err)";
                return false;
            }

            if (!TryFacilities(item[..dot], out var facilities, out error) || !TryApply(item[(dot + 1)..], facilities, mask, out error))
            {
                error = $"'{item}': {error}";
                return false;
            }
        }

        selector = new SyslogSelector(mask);
        error = null;
        return true;
    }

    private static bool TryFacilities(string text, out List<int> facilities, [NotNullWhen(false)] out string? error)
    {
        facilities = [];
        foreach (var raw in text.Split(','))
        {
            var name = raw.Trim();
            if (name == "*")
            {
                facilities.AddRange(Enumerable.Range(0, FacilityCount));
                continue;
            }

            var index = Array.FindIndex(Enumerable.Range(0, FacilityCount).ToArray(), i => string.Equals(SyslogNames.Keyword((SyslogFacility)i), name, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && !FacilityAliases.TryGetValue(name, out index))
            {
                error = $"'{name}' is not a facility; use one of {string.Join(", ", Enumerable.Range(0, FacilityCount).Select(i => SyslogNames.Keyword((SyslogFacility)i)))}, or *";
                return false;
            }

            facilities.Add(index);
        }

        error = null;
        return true;
    }

    private static bool TryApply(string text, List<int> facilities, byte[] mask, [NotNullWhen(false)] out string? error)
    {
        var negate = text.StartsWith('!');
        var rest = negate ? text[1..] : text;
        var exact = rest.StartsWith('=');
        rest = exact ? rest[1..] : rest;
        byte bits;
        if (rest == "*" && !exact)
        {
            bits = AllSeverities;
        }
        else if (string.Equals(rest, "none", StringComparison.OrdinalIgnoreCase) && !negate && !exact)
        {
            foreach (var f in facilities)
            {
                mask[f] = 0;
            }

            error = null;
            return true;
        }
        else if (TrySeverity(rest, out var severity))
        {
            bits = exact ? (byte)(1 << severity) : (byte)((1 << (severity + 1)) - 1);
        }
        else
        {
            error = $"'{text}' is not a severity; use emerg, alert, crit, err, warning, notice, info, debug, *, or none, optionally after = (only that one) or ! (not)";
            return false;
        }

        foreach (var f in facilities)
        {
            mask[f] = negate ? (byte)(mask[f] & ~bits) : (byte)(mask[f] | bits);
        }

        error = null;
        return true;
    }

    private static bool TrySeverity(string name, out int severity)
    {
        for (severity = 0; severity < 8; severity++)
        {
            if (string.Equals(SyslogNames.Keyword((SyslogSeverity)severity), name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return SeverityAliases.TryGetValue(name, out severity);
    }
}
