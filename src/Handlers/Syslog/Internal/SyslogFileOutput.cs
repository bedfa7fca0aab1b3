namespace UnixDatagram.Handlers.Internal;

/// <summary>One compiled output: the file's absolute path, which messages it gets, how each is written, and its configuration key (<c>...:Outputs:N:File</c>) for errors.</summary>
internal sealed record SyslogFileOutput(string Path, SyslogSelector Selector, SyslogTemplate Template, string Key);
