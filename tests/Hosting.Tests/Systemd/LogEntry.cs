using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Tests.Systemd;

/// <summary>One recorded log event.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);
