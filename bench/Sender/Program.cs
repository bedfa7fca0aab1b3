using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnixDatagram.Handlers;
using UnixDatagram.Hosting;

// bench-sender PATH COUNT SIZE: sends COUNT datagrams of SIZE bytes to the socket at PATH through IDatagramSender, the
// hosting library's send path as a daemon's handler uses it: one configured target with the default options (policy
// Wait), each send awaited before the next, so the receiver sets the pace as it does for the blocking C sender. The
// receiver times the run. Exits non-zero when a send is not Sent. Prints, on standard error, the bytes the process
// allocated from the COUNT/10-th send to the last.
if (args.Length != 3)
{
    await Console.Error.WriteLineAsync("usage: bench-sender PATH COUNT SIZE");
    return 2;
}

var path = Path.GetFullPath(args[0]);
var count = long.Parse(args[1], CultureInfo.InvariantCulture);
var size = int.Parse(args[2], CultureInfo.InvariantCulture);

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "bench-sender" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Daemon:SocketDirectory"] = Path.GetDirectoryName(path),
    ["Daemon:ControlPath"] = string.Empty,
    ["Daemon:Targets:0:Name"] = "bench",
    ["Daemon:Targets:0:Path"] = path,
});
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddDatagramDaemon();
using var host = builder.Build();
await host.StartAsync();

var sender = host.Services.GetRequiredService<IDatagramSender>();
var payload = new byte[size];
for (var i = 0; i < size; i++)
{
    payload[i] = (byte)i;
}

var warm = count / 10;
var allocatedAtWarm = 0L;
for (var i = 0L; i < count; i++)
{
    if (i == warm)
    {
        allocatedAtWarm = GC.GetTotalAllocatedBytes(precise: true);
    }

    var result = await sender.SendAsync("bench", payload);
    if (result != SendResult.Sent)
    {
        await Console.Error.WriteLineAsync($"bench-sender: send {i + 1} of {count} to {path}: {result}");
        return 1;
    }
}

var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtWarm;
await Console.Error.WriteLineAsync($"ALLOCATED bench-sender {allocated} {count - warm}");
await host.StopAsync();
return 0;
