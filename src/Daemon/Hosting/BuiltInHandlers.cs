namespace UnixDatagram.Hosting;

/// <summary>Registers the built-in handlers under their names; their options bind from <c>Daemon:Handlers:&lt;name&gt;</c>.</summary>
internal static class BuiltInHandlers
{
    public static void Add(DatagramDaemonBuilder builder) =>
        builder.AddHandler<LogHandler>(BuiltInHandlerNames.Log)
            .AddHandler<EchoHandler>(BuiltInHandlerNames.Echo)
            .AddHandler<ForwardHandler>(BuiltInHandlerNames.Forward)
            .AddHandler<SyslogHandler>(BuiltInHandlerNames.Syslog)
            .AddHandler<SyslogFileHandler>(BuiltInHandlerNames.SyslogFiles);
}
