using Serilog;
using UnixDatagram.Daemon;
using UnixDatagram.Hosting;

Log.Logger = DaemonLogging.CreateBootstrapLogger();
try
{
    // send, listen, health, stats and --help; anything else (or "run") runs the daemon.
    if (DaemonCommandLine.IsCommand(args))
    {
        return await DaemonCommandLine.InvokeAsync(args);
    }

    // A refused start (bad configuration, an endpoint that cannot bind) is logged and turned into the exit code by
    // RunDaemonAsync while the host's logger still lives.
    using var host = DaemonHostFactory.CreateBuilder(DaemonCommandLine.HostArguments(args)).Build();
    return await host.RunDaemonAsync();
}
catch (Exception ex)
{
    Log.Fatal(ex, "The daemon stopped on an unexpected error");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
