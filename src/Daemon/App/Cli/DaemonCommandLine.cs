using System.CommandLine;

namespace UnixDatagram.Daemon;

/// <summary>The command line: <c>run</c> (the default), <c>send</c>, <c>listen</c>, <c>health</c>, <c>stats</c>.</summary>
internal static class DaemonCommandLine
{
    private static readonly string[] Commands = ["send", "listen", "health", "stats", "--help", "-h", "-?", "help", "--version"];

    /// <summary>Whether the arguments name a command other than <c>run</c>.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal);

    /// <summary>The arguments for the host: all of them, less a leading <c>run</c>.</summary>
    public static string[] HostArguments(string[] args) => args is ["run", .. var rest] ? rest : args;

    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("A daemon for UNIX datagram sockets. Without a command (or with 'run') it runs the daemon with appsettings.json; configuration can be overridden as --Daemon:SocketDirectory=/path.")
        {
            new Command("run", "Run the daemon (the default)."),
            SendCommand.Create(),
            ListenCommand.Create(),
            ControlCommand.Create("health", "Ask the running daemon for its health (JSON). Exit code 0 Healthy, 1 Degraded, 2 Unhealthy, 3 no answer."),
            ControlCommand.Create("stats", "Ask the running daemon for its counters (JSON)."),
        };
        return root.Parse(args).InvokeAsync();
    }
}
