using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UnixDatagram.Handlers;
using static UnixDatagram.Hosting.Tests.Payloads;
using static UnixDatagram.Hosting.Tests.SenderHarness;

namespace UnixDatagram.Hosting.Tests.Sending;

public sealed class SenderHostTests
{
    [Fact]
    public async Task Host_TargetFromConfiguration_SendsThroughCongestionInOrderAndStops()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        receiver.Start();
        using var host = BuildHost(dir, new()
        {
            ["Daemon:Targets:0:Name"] = "out",
            ["Daemon:Targets:0:Path"] = "peer.sock",
            ["Daemon:Targets:0:WhenCongested"] = "Wait",
            ["Daemon:Targets:0:QueueCapacity"] = "16",
        });

        await host.StartAsync().WaitAsync(TestWait.Timeout);
        var sender = host.Services.GetRequiredService<IDatagramSender>();
        var tasks = Enumerable.Range(0, 300).Select(i => sender.SendAsync("out", Number(i)).AsTask()).ToList();
        var results = await Task.WhenAll(tasks).WaitAsync(TestWait.Timeout);
        var received = await receiver.WaitForAsync(300, TestWait.Timeout);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await host.StopAsync().WaitAsync(TestWait.Timeout);

        Assert.Equal(["out"], sender.TargetNames);
        Assert.All(results, r => Assert.Equal(SendResult.Sent, r));
        Assert.Equal(Enumerable.Range(0, 300), received.Select(Number));
        Assert.Equal(HealthStatus.Healthy, report.Entries["target:out"].Status);
        Assert.Single(report.Entries.Keys, k => k.StartsWith("target:", StringComparison.Ordinal));
        Assert.Equal(300, host.Services.GetRequiredService<DaemonStatistics>().Target("out").Sent);
        Assert.Throws<ObjectDisposedException>(() => { _ = sender.SendAsync("out", Number(0)).AsTask(); });
    }

    [Fact]
    public async Task Host_BadTargetPath_StartFailsNamingTheKey()
    {
        using var dir = new TempDirectory();
        var path = "/tmp/" + new string('p', 120);
        using var host = BuildHost(dir, new()
        {
            ["Daemon:Targets:0:Name"] = "out",
            ["Daemon:Targets:0:Path"] = path,
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TestWait.Timeout));

        Assert.Contains($"Daemon:Targets:0:Path: '{path}' is 125 bytes long; the limit is 107.", ex.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(TempDirectory dir, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = dir.Path, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<DatagramDaemonOptions>().BindConfiguration(DatagramDaemonOptions.SectionName);
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        builder.Services.AddSingleton(new SocketDirectory(dir.Path, "test"));
        builder.Services.AddSingleton<DaemonStatistics>();

        // Twice, as a composing library might: nothing may be registered twice.
        builder.Services.AddDatagramSenderCore();
        builder.Services.AddDatagramSenderCore();
        return builder.Build();
    }
}
