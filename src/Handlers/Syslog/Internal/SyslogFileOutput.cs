namespace UnixDatagram.Handlers.Internal;

/// <summary>One compiled output: the file's absolute path, which messages it gets, and how each is written.</summary>
internal sealed record SyslogFileOutput(string Path, SyslogSelector Selector, SyslogTemplate Template);
