using UnixDatagram.Daemon;

Log.Logger = DaemonLogging.CreateBootstrapLogger();
try
{
    // run (the default), send, listen, health, stats, help. A refused start (bad configuration, an endpoint that
    // cannot bind) is logged and turned into the exit code by RunDaemonAsync while the host's logger still lives.
    return await DaemonCommandLine.InvokeAsync(args);
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
