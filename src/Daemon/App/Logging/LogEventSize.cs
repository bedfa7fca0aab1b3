namespace UnixDatagram.Daemon;

/// <summary>
/// What a queued event holds in memory, estimated before it is rendered: the text of its property values (two bytes a
/// character, as .NET holds strings), a fixed amount per other value and per event, and its exception's message. The
/// template's text is not counted: events logged through one call site share it.
/// </summary>
/// <remarks>
/// A function of the event alone, so that the logging thread that charges an event and the writer that releases it
/// arrive at the same number.
/// </remarks>
internal static class LogEventSize
{
    /// <summary>The event object, its timestamp, level, template reference and property dictionary.</summary>
    public const int EventOverhead = 256;

    /// <summary>A property (its name, its slot) or a value that is not text (a number, a time, a boolean).</summary>
    public const int ValueOverhead = 32;

    /// <summary>The estimated bytes <paramref name="logEvent"/> holds while it waits.</summary>
    public static long Estimate(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        long size = EventOverhead;
        foreach (var property in logEvent.Properties)
        {
            size += ValueOverhead + Estimate(property.Value);
        }

        if (logEvent.Exception is { } exception)
        {
            // The stack trace is rendered only when the event is written; its frames are held either way.
            size += 2L * exception.Message.Length + 4096;
        }

        return size;
    }

    private static long Estimate(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                return 2L * text.Length;
            case ScalarValue:
                return ValueOverhead;
            case SequenceValue sequence:
                long items = ValueOverhead;
                foreach (var item in sequence.Elements)
                {
                    items += Estimate(item);
                }

                return items;
            case StructureValue structure:
                long fields = ValueOverhead + (2L * (structure.TypeTag?.Length ?? 0));
                foreach (var field in structure.Properties)
                {
                    fields += ValueOverhead + Estimate(field.Value);
                }

                return fields;
            case DictionaryValue dictionary:
                long entries = ValueOverhead;
                foreach (var (key, item) in dictionary.Elements)
                {
                    entries += Estimate(key) + Estimate(item);
                }

                return entries;
            default:
                return ValueOverhead;
        }
    }
}
