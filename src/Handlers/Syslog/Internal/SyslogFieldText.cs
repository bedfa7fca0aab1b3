namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// The display text (<see cref="DisplayText.FromUtf8"/>) of the header fields a sender repeats in every message
/// (HOSTNAME, APP-NAME or TAG, PROCID or PID): each thread keeps the last text made for each field and hands it out
/// again while the bytes are the same, so a busy sender's messages do not each allocate those strings.
/// </summary>
/// <remarks>Fields longer than <see cref="MaxCachedBytes"/> bytes are not kept. Strings are immutable, so sharing one between messages is safe.</remarks>
internal static class SyslogFieldText
{
    /// <summary>The longest field kept (RFC 5424's APP-NAME is at most 48 bytes, PROCID 128, HOSTNAME 255).</summary>
    public const int MaxCachedBytes = 64;

    [ThreadStatic]
    private static CachedFieldText? t_hostname;

    [ThreadStatic]
    private static CachedFieldText? t_appName;

    [ThreadStatic]
    private static CachedFieldText? t_processId;

    /// <summary>The HOSTNAME's text.</summary>
    public static string Hostname(ReadOnlySpan<byte> field) => Cached(field, ref t_hostname);

    /// <summary>The APP-NAME's or TAG's text.</summary>
    public static string AppName(ReadOnlySpan<byte> field) => Cached(field, ref t_appName);

    /// <summary>The PROCID's or PID's text.</summary>
    public static string ProcessId(ReadOnlySpan<byte> field) => Cached(field, ref t_processId);

    private static string Cached(ReadOnlySpan<byte> field, ref CachedFieldText? last)
    {
        if (field.IsEmpty)
        {
            return string.Empty;
        }

        if (last is { } cached && field.SequenceEqual(cached.Bytes))
        {
            return cached.Text;
        }

        var text = DisplayText.FromUtf8(field);
        if (field.Length <= MaxCachedBytes)
        {
            last = new CachedFieldText(field.ToArray(), text);
        }

        return text;
    }
}
