using Microsoft.Extensions.Hosting;
using MyDaemon;
using UnixDatagram.Hosting;

// Host.CreateApplicationBuilder, and appsettings.{Environment}.json's lists replace appsettings.json's; a file that is
// not valid JSON is one line naming it, its line and position, and exit code 78 from RunDaemonAsync.
var builder = DatagramHost.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    // appsettings.json beside the executable, whatever the working directory (systemd starts services in /).
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Services.AddDatagramDaemon()            // binds the "Daemon" section, validated at start
    .AddHandler<UppercaseHandler>("upper");     // endpoints list "upper" in their Handlers
using var host = builder.Build();
return await host.RunDaemonAsync();             // non-zero when start fails or a service faults
