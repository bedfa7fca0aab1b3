namespace UnixDatagram.Handlers.Internal;

/// <summary>What a template renders: the parsed message and what the receiver knows about it.</summary>
internal readonly record struct SyslogFileEntry(SyslogMessage Message, DateTimeOffset Received, TimeZoneInfo LocalZone, string LocalHostname, UnixCredentials? Credentials, string Endpoint);
