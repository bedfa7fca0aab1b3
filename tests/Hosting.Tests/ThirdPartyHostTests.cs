using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests;

/// <summary>A daemon of someone else's, built only from the public API, as the README tells them to.</summary>
public sealed class ThirdPartyHostTests
{
    [Theory]
    [InlineData("my handler")]
    [InlineData("a:b")]
    [InlineData("log\u001b[31m")]
    [InlineData("-x")]
    public void AddHandler_NameNotOfTheAllowedForm_ThrowsNamingIt(string name)
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddDatagramDaemon().AddHandler<GreetingHandler>(name));

        Assert.Contains($"'{DisplayText.FromString(name)}' is not a valid handler name: a name is 1 to 64 ASCII letters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHandler_NameDiffersFromARegisteredOneOnlyInCase_ThrowsNamingBoth()
    {
        var services = new ServiceCollection();
        var builder = services.AddDatagramDaemon().AddHandler<GreetingHandler>("greet");

        var error = Assert.Throws<ArgumentException>(() => builder.AddHandler<GreetingHandler>("Greet"));

        Assert.Contains("Handler name 'Greet' differs from the registered handler 'greet' only in case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHandler_OwnHandlerWithServiceKey_SeesItsRegisteredNameAndTheDatagram()
    {
        using var dir = new TempDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "greeter-daemon" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Daemon:SocketDirectory"] = dir.Path,
            ["Daemon:Endpoints:0:Name"] = "greetings",
            ["Daemon:Endpoints:0:Path"] = "greetings.sock",
            ["Daemon:Endpoints:0:Handlers:0"] = "greeter",

            // The client below is this very process: a daemon does not handle its own datagrams unless told to.
            ["Daemon:Endpoints:0:AcceptSelfSent"] = "true",
        });
        builder.Services.AddDatagramDaemon().AddHandler<GreetingHandler>("greeter");
        using var host = builder.Build();
        await host.StartAsync().Within();
        try
        {
            using var client = new UnixDatagramSocket();
            await client.SendToAsync("hello"u8.ToArray(), UnixSocketAddress.Parse(dir.File("greetings.sock"))).Within();

            var handler = Assert.IsType<GreetingHandler>(host.Services.GetRequiredKeyedService<IDatagramHandler>("greeter"));
            Assert.Equal("greeter saw 'hello' on greetings", await handler.Greeted.Within());
            Assert.Equal("greeter", handler.Name);
        }
        finally
        {
            await host.StopAsync().Within();
        }

        Assert.False(File.Exists(dir.File("greetings.sock")));
    }

    [Theory]
    [InlineData("Daemon:Endpoints:0:Mode", "0abc", "Daemon:Endpoints:0:Mode", DaemonHostExtensions.ConfigurationErrorExitCode)]
    [InlineData("Daemon:Endpoints:0:Path", "/nonexistent-dir/greetings.sock", "Daemon:Endpoints:0:Path", DaemonHostExtensions.ConfigurationErrorExitCode)]
    [InlineData("Daemon:Endpoints:0:Path", "taken.txt", "is not a socket", DaemonHostExtensions.FailureExitCode)]
    public async Task RunDaemonAsync_RefusedStart_ReturnsNonZeroAndLogsTheReasonAsOneEventWithoutATrace(string key, string value, string expected, int exitCode)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("taken.txt"), "not a socket");
        var log = new RecordingLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "greeter-daemon" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Daemon:SocketDirectory"] = dir.Path,
            ["Daemon:Endpoints:0:Name"] = "greetings",
            ["Daemon:Endpoints:0:Path"] = "greetings.sock",
            ["Daemon:Endpoints:0:Handlers:0"] = "greeter",
            [key] = value,
        });
        builder.Logging.AddProvider(log);
        builder.Services.AddDatagramDaemon().AddHandler<GreetingHandler>("greeter");
        using var host = builder.Build();

        Assert.Equal(exitCode, await host.RunDaemonAsync().Within());

        var reason = Assert.Single(log.Events(1020));
        Assert.Contains(expected, reason.Message, StringComparison.Ordinal);

        // Whatever the logging provider: the host's own "Hosting failed to start" with its stack trace is not logged.
        Assert.DoesNotContain(log.Entries, e => e.Exception is not null || e.Message.Contains("Hosting failed to start", StringComparison.Ordinal));
        Assert.Equal([dir.File("taken.txt")], Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task RunDaemonAsync_BuilderFromDatagramHostAndFileNotJson_LogsOneLineNamingFileLineAndPositionAndReturns78()
    {
        using var content = new TempDirectory();
        using var sockets = new TempDirectory();
        await File.WriteAllTextAsync(content.File("appsettings.json"), $$"""
            { "Daemon": { "SocketDirectory": "{{sockets.Path}}",
              "Endpoints": [ { "Name": "greetings", "Path": "greetings.sock", "Handlers": [ "greeter" ] } }
            """);
        var log = new RecordingLoggerProvider();

        // As README.md's Program.cs: the host's defaults (its own appsettings.json source among them) and no try/catch.
        var builder = DatagramHost.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = content.Path, ApplicationName = "greeter-daemon" });
        builder.Logging.AddProvider(log);
        builder.Services.AddDatagramDaemon().AddHandler<GreetingHandler>("greeter");
        using var host = builder.Build();

        Assert.Equal(DaemonHostExtensions.ConfigurationErrorExitCode, await host.RunDaemonAsync().Within());

        var reason = Assert.Single(log.Events(1020));
        Assert.StartsWith($"Cannot start: {content.File("appsettings.json")}: line 2, position ", reason.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.Exception is not null);
        Assert.Empty(sockets.Entries());
    }

    [Fact]
    public async Task StartAsync_BuilderFromDatagramHostAndFileNotJson_ThrowsTheFileErrorAndStartsNothing()
    {
        using var content = new TempDirectory();
        using var sockets = new TempDirectory();
        await File.WriteAllTextAsync(content.File("appsettings.json"), "{}");
        await File.WriteAllTextAsync(content.File("appsettings.Staging.json"), $$"""{ "Daemon": { "SocketDirectory": "{{sockets.Path}}", "Endpoints": [ """);
        var builder = DatagramHost.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = content.Path, EnvironmentName = "Staging" });
        builder.Services.AddDatagramDaemon().AddHandler<GreetingHandler>("greeter");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<ConfigurationFileException>(() => host.StartAsync().Within());

        Assert.Equal(content.File("appsettings.Staging.json"), error.FilePath);
        Assert.Same(error, DatagramHost.ConfigurationFileError(builder.Configuration));
        Assert.Empty(sockets.Entries());
    }

    [Fact]
    public async Task CreateApplicationBuilder_ProgramAddsItsOwnBrokenJsonFile_ThrowsAsTheHostDoes()
    {
        using var content = new TempDirectory();
        await File.WriteAllTextAsync(content.File("extra.json"), "{ \"Mine\": ");
        var builder = DatagramHost.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = content.Path });

        // Only the host's own appsettings*.json sources are spared while the builder is made; a file of the program's is not.
        var error = Assert.Throws<InvalidDataException>(() => builder.Configuration.AddJsonFile("extra.json"));

        Assert.Contains("extra.json", error.Message, StringComparison.Ordinal);
        Assert.Null(DatagramHost.ConfigurationFileError(builder.Configuration));
    }

    /// <summary>A third party's handler: it learns the name it was registered under from DI.</summary>
    public sealed class GreetingHandler([ServiceKey] string name) : IDatagramHandler
    {
        private readonly TaskCompletionSource<string> _greeted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name { get; } = name;

        public Task<string> Greeted => _greeted.Task;

        public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
        {
            _greeted.TrySetResult($"{Name} saw '{Encoding.UTF8.GetString(context.Payload.Span)}' on {context.EndpointName}");
            return ValueTask.CompletedTask;
        }
    }
}
