using Microsoft.Extensions.Logging;

namespace UnixDatagram.Handlers.Tests;

/// <summary>One recorded log event: what a structured sink would see.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> State)
{
    public object? this[string key] => State.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The event {EventId} has no field '{key}'; it has: {string.Join(", ", State.Keys)}.");
}
