using Microsoft.Extensions.Logging;

namespace UnixDatagram.TestSupport;

/// <summary>One recorded log event: what a structured sink would see.</summary>
/// <param name="Category">The logger's category (the type's full name for an <c>ILogger&lt;T&gt;</c>).</param>
/// <param name="Level">The event's level.</param>
/// <param name="EventId">The event's id.</param>
/// <param name="Message">The rendered message.</param>
/// <param name="Exception">The exception logged with the event, if any.</param>
/// <param name="State">The structured fields, by name (the message template's placeholders and <c>{OriginalFormat}</c>).</param>
public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> State)
{
    /// <summary>The field <paramref name="key"/>; throws, naming the fields there are, when the event has no such field.</summary>
    public object? this[string key] => State.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The event {EventId} has no field '{key}'; it has: {string.Join(", ", State.Keys)}.");
}
