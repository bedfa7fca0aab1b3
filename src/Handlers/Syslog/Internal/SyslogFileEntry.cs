namespace UnixDatagram.Handlers.Internal;

/// <summary>What a template renders: the parsed message and what the receiver knows about it.</summary>
/// <param name="Message">The message, with the time and hostname it claims.</param>
/// <param name="Received">When it was received (<c>%timegenerated%</c>).</param>
/// <param name="Reported">Its time as written (<c>%TIMESTAMP%</c>): <paramref name="Received"/>, or the message's own when the handler trusts it.</param>
/// <param name="Hostname">Its host as written (<c>%HOSTNAME%</c>): <paramref name="LocalHostname"/>, or the message's own when the handler trusts it.</param>
/// <param name="LocalZone">The time zone times are written in.</param>
/// <param name="LocalHostname">This host's short name (<c>%fromhost%</c>).</param>
/// <param name="Credentials">The sender's credentials, as the kernel passed them.</param>
/// <param name="Endpoint">The endpoint it came through.</param>
internal readonly record struct SyslogFileEntry(
    SyslogMessage Message, DateTimeOffset Received, DateTimeOffset Reported, string Hostname, TimeZoneInfo LocalZone, string LocalHostname, UnixCredentials? Credentials, string Endpoint);
