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

    using var host = DaemonHostFactory.CreateBuilder(DaemonCommandLine.HostArguments(args)).Build();
    return await host.RunDaemonAsync();
}
catch (Exception ex) when (ex is EndpointBindException or Microsoft.Extensions.Options.OptionsValidationException)
{
    Log.Fatal("The daemon cannot start: {Reason}", ex.Message);
    return 1;
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
