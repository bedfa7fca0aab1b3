using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnixDatagram.Bench.Soak;
using UnixDatagram.Hosting;

// soak [SECONDS]: runs the real daemon host for SECONDS (default 60) against load, hostile senders and faulty
// handlers at once, then prints what happened to every datagram, peak RSS and threads.
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
var dir = Directory.CreateTempSubdirectory("dgramd-soak-");
File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
var logLines = new LineCounter();
try
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "soak" });
    builder.Configuration.AddInMemoryCollection(Settings.For(dir.FullName));
    builder.Logging.AddProvider(logLines).SetMinimumLevel(LogLevel.Information);
    builder.Services.AddDatagramDaemon()
        .AddHandler<CountingHandler>("count")
        .AddHandler<FaultyHandler>("faulty");
    using var host = builder.Build();
    await host.StartAsync();

    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var load = new Load(dir.FullName);
    var sampler = new ProcessSampler();
    var health = new HealthSampler(host.Services.GetRequiredService<HealthCheckService>());
    Console.WriteLine($"soak: {seconds} s against {dir.FullName}");
    await Task.WhenAll(
        load.SteadyAsync("load.sock", stop.Token),
        load.NonReadingRepliersAsync("echo.sock", 8, stop.Token),
        load.ForgedNamesAsync("log.sock", stop.Token),
        load.FloodAsNobodyAsync("limited.sock", stop.Token),
        load.SteadyAsync("faulty.sock", stop.Token, perSecond: 2000),
        sampler.RunAsync(stop.Token),
        health.RunAsync(stop.Token));

    // Let queued datagrams finish before counting; a stuck handler's datagram may still be in flight.
    await Task.Delay(TimeSpan.FromSeconds(2));
    var stats = host.Services.GetRequiredService<DaemonStatistics>();
    Console.WriteLine($"{"endpoint",-8} {"received",10} {"handled",10} {"failed",8} {"timedOut",8} {"dropped",8} {"rejected",8} {"suppr.",8} {"replyDr.",8} {"overruns",8}");
    foreach (var e in stats.Endpoints)
    {
        Console.WriteLine($"{e.Name,-8} {e.Received,10} {e.Handled,10} {e.Failed,8} {e.TimedOut,8} {e.Dropped,8} {e.Rejected,8} {e.Suppressed,8} {e.ReplyDropped,8} {e.Overruns,8}");
    }

    var all = stats.Endpoints;
    Console.WriteLine($"sent {load.Sent} (refused while congested: {load.Congested}); received {all.Sum(e => e.Received)}; handled {all.Sum(e => e.Handled)}; failed {all.Sum(e => e.Failed)}; timed out {all.Sum(e => e.TimedOut)}; dropped {all.Sum(e => e.Dropped)}; rejected {all.Sum(e => e.Rejected)}; suppressed {all.Sum(e => e.Suppressed)}; replies dropped {all.Sum(e => e.ReplyDropped)}");
    Console.WriteLine($"log lines {logLines.Count} (of which multi-line: {logLines.MultiLine}); peak RSS {sampler.PeakRssKiB / 1024.0:F1} MiB; threads now {Process.GetCurrentProcess().Threads.Count}, peak {sampler.PeakThreads}");
    Console.WriteLine($"health (checked every second, as the watchdog does): {health.Summary}");
    await host.StopAsync();
}
finally
{
    dir.Delete(recursive: true);
}
