using UnixDatagram.Daemon;

Log.Logger = DaemonLogging.CreateBootstrapLogger();
int exitCode;
try
{
    // run (the default), send, listen, health, stats, help. A refused start (bad configuration, an endpoint that
    // cannot bind) is logged and turned into the exit code by RunDaemonAsync while the host's logger still lives.
    exitCode = await DaemonCommandLine.InvokeAsync(args);
}
catch (Exception ex)
{
    Log.Fatal(ex, "The daemon stopped on an unexpected error");
    exitCode = 1;
}
finally
{
    // The host's logger was drained when the host was disposed; this drains whatever logger is left. Either drain
    // waits for stderr at most the sink's drainTimeout, and records what it could not write.
    await Log.CloseAndFlushAsync();
}

// A stop that left log events unwritten does not exit 0: the exit status is the one report a blocked stderr cannot stop.
return LogOutputDrain.ExitCode(exitCode);
