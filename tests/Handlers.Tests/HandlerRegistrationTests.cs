using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UnixDatagram.Transport;

namespace UnixDatagram.Handlers.Tests;

/// <summary>The built-in handlers registered the way the hosting layer does: keyed singletons with named options from configuration.</summary>
public sealed class HandlerRegistrationTests
{
    private readonly RecordingLoggerProvider _logs = new();

    [Fact]
    public async Task KeyedRegistration_NamedOptionsFromConfiguration_EachNameUsesItsSection()
    {
        using var dir = new TempDirectory();
        using var peer = TestSockets.Bound(dir.File("peer.sock"));
        using var sender = new TestDatagramSender("audit", dir.File("peer.sock"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Daemon:Handlers:hexlog:Format"] = "Hex",
            ["Daemon:Handlers:hexlog:Level"] = "Warning",
            ["Daemon:Handlers:hexlog:MaxBytes"] = "2",
            ["Daemon:Handlers:forward-audit:Target"] = "audit",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<IDatagramSender>(sender);
        Register<LogHandler>(services, configuration, BuiltInHandlerNames.Log);
        Register<LogHandler>(services, configuration, "hexlog");
        Register<EchoHandler>(services, configuration, BuiltInHandlerNames.Echo);
        Register<SyslogHandler>(services, configuration, BuiltInHandlerNames.Syslog);
        Register<ForwardHandler>(services, configuration, "forward-audit");
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var plain = provider.GetRequiredKeyedService<IDatagramHandler>(BuiltInHandlerNames.Log);
        var hex = provider.GetRequiredKeyedService<IDatagramHandler>("hexlog");
        var forward = provider.GetRequiredKeyedService<IDatagramHandler>("forward-audit");
        var context = new DatagramContext("ingest", "ABC"u8.ToArray());
        await plain.HandleAsync(context, CancellationToken.None);
        await hex.HandleAsync(context, CancellationToken.None);
        await forward.HandleAsync(context, CancellationToken.None);

        Assert.IsType<EchoHandler>(provider.GetRequiredKeyedService<IDatagramHandler>(BuiltInHandlerNames.Echo));
        Assert.IsType<SyslogHandler>(provider.GetRequiredKeyedService<IDatagramHandler>(BuiltInHandlerNames.Syslog));
        var text = _logs.Single(2000);
        Assert.Equal((LogLevel.Information, "ABC"), (text.Level, text["Payload"]));
        var cut = _logs.Single(2002);
        Assert.Equal((LogLevel.Warning, "4142"), (cut.Level, cut["Payload"]));
        var buffer = new byte[16];
        var forwarded = await peer.ReceiveAsync(buffer).AsTask().WaitAsync(TestWait.Timeout);
        Assert.Equal("ABC", Encoding.ASCII.GetString(buffer, 0, forwarded.Length));
    }

    [Fact]
    public async Task ConfigurationReload_NamedSection_ReachesOnlyThatHandler()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Daemon:Handlers:a:Format"] = "Text",
            ["Daemon:Handlers:b:Format"] = "Text",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        Register<LogHandler>(services, configuration, "a");
        Register<LogHandler>(services, configuration, "b");
        await using var provider = services.BuildServiceProvider();
        var a = provider.GetRequiredKeyedService<IDatagramHandler>("a");
        var b = provider.GetRequiredKeyedService<IDatagramHandler>("b");

        configuration["Daemon:Handlers:a:Format"] = "Hex";
        configuration.Reload();
        await a.HandleAsync(new DatagramContext("ep", "A"u8.ToArray()), CancellationToken.None);
        await b.HandleAsync(new DatagramContext("ep", "B"u8.ToArray()), CancellationToken.None);

        Assert.Equal(["41", "B"], _logs.Entries.Select(e => e["Payload"]));
    }

    [Fact]
    public async Task KeyedRegistration_InvalidSection_FailsWhenResolvedNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Daemon:Handlers:log:MaxBytes"] = "-1",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        Register<LogHandler>(services, configuration, BuiltInHandlerNames.Log);
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.ThrowsAny<Exception>(() => provider.GetRequiredKeyedService<IDatagramHandler>(BuiltInHandlerNames.Log));

        Assert.Contains("Daemon:Handlers:log:MaxBytes: -1", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>What the hosting layer's <c>AddHandler</c> does for a handler name (see the handlers' docs).</summary>
    private static void Register<THandler>(IServiceCollection services, IConfigurationRoot configuration, string name)
        where THandler : class, IDatagramHandler
    {
        var section = configuration.GetSection($"Daemon:Handlers:{name}");
        services.AddOptions<LogHandlerOptions>(name).Bind(section);
        services.AddOptions<ForwardHandlerOptions>(name).Bind(section);
        services.AddOptions<SyslogHandlerOptions>(name).Bind(section);
        services.AddKeyedSingleton<IDatagramHandler, THandler>(name);
    }
}
