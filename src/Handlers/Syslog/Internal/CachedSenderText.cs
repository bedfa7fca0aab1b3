namespace UnixDatagram.Handlers.Internal;

/// <summary>A sender's address and its display text (<see cref="UnixSocketAddress.ToString"/>), kept by <see cref="SyslogHandler"/>.</summary>
internal sealed record CachedSenderText(UnixSocketAddress Address, string Text);
