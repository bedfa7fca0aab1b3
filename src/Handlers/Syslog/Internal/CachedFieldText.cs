namespace UnixDatagram.Handlers.Internal;

/// <summary>A header field's bytes and their display text (see <see cref="SyslogFieldText"/>).</summary>
internal sealed record CachedFieldText(byte[] Bytes, string Text);
