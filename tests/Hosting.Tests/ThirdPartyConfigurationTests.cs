using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// A daemon of someone else's, with its configuration in <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> as <c>Host.CreateApplicationBuilder</c> reads them, through the public
/// <c>AddDatagramConfiguration</c>: a later file's list replaces the earlier one as a whole.
/// </summary>
public sealed class ThirdPartyConfigurationTests
{
    private const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    [Fact]
    public async Task AddDatagramConfiguration_EnvironmentFileListsOtherEndpoints_ExactlyTheLaterList()
    {
        using var content = new TempDirectory();
        using var sockets = new TempDirectory();
        await WriteAsync(content, "appsettings.json", $$"""
            { "Daemon": { "SocketDirectory": "{{sockets.Path}}", "Endpoints": [
              { "Name": "first", "Path": "first.sock", "Handlers": [ "greeter", "greeter" ], "Mode": "0666" },
              { "Name": "second", "Path": "second.sock", "Handlers": [ "greeter" ] } ] } }
            """);
        await WriteAsync(content, "appsettings.Production.json", """
            { "Daemon": { "Endpoints": [ { "Name": "only", "Path": "only.sock", "Handlers": [ "greeter" ] } ] } }
            """);
        using var host = Build(content, "Production");

        await host.StartAsync().Within();
        try
        {
            // The host's own JSON sources would give [only (Mode 0666, Handlers greeter, greeter), second].
            var endpoint = Assert.Single(host.Services.GetRequiredService<IOptions<DatagramDaemonOptions>>().Value.Endpoints);
            Assert.Equal(("only", "only.sock", "greeter"), (endpoint.Name, endpoint.Path, string.Join(",", endpoint.Handlers)));
            Assert.Equal(DefaultMode, File.GetUnixFileMode(sockets.File("only.sock")));
            Assert.Equal(["only.sock"], sockets.Entries());
        }
        finally
        {
            await host.StopAsync().Within();
        }
    }

    [Fact]
    public async Task AddDatagramConfiguration_OperatorDirectory_OverridesTheContentRootAndIsReadAgainAtReload()
    {
        using var content = new TempDirectory();
        using var etc = new TempDirectory();
        using var sockets = new TempDirectory();
        await WriteAsync(content, "appsettings.json", $$"""
            { "Daemon": { "SocketDirectory": "{{sockets.Path}}", "Endpoints": [
              { "Name": "shipped", "Path": "shipped.sock", "Handlers": [ "greeter" ] },
              { "Name": "extra", "Path": "extra.sock", "Handlers": [ "greeter" ] } ] } }
            """);
        await WriteAsync(etc, "appsettings.json", """{ "Daemon": { "Endpoints": [ { "Name": "site", "Path": "site.sock", "Handlers": [ "greeter" ] } ] } }""");
        using var host = Build(content, "Production", etc.Path);
        await host.StartAsync().Within();
        try
        {
            Assert.Equal(["site.sock"], sockets.Entries());

            await WriteAsync(etc, "appsettings.Production.json", """{ "Daemon": { "Endpoints": [ { "Name": "later", "Path": "later.sock", "Handlers": [ "greeter" ] } ] } }""");
            var result = await host.Services.GetRequiredService<IDatagramDaemonReloader>().ReloadAsync().Within();

            Assert.True(result.Succeeded, result.Message);
            Assert.Equal(["later.sock"], sockets.Entries());
        }
        finally
        {
            await host.StopAsync().Within();
        }
    }

    [Fact]
    public void AddDatagramConfiguration_FileIsNotJson_ThrowsNamingFileAndLine()
    {
        using var content = new TempDirectory();
        File.WriteAllText(content.File("appsettings.json"), "{}");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = content.Path, EnvironmentName = "Staging", Args = [] });
        File.WriteAllText(content.File("appsettings.Staging.json"), "{\n  \"Daemon\": {\n    \"Endpoints\": [ }\n}");

        var error = Assert.Throws<ConfigurationFileException>(() => builder.AddDatagramConfiguration());

        Assert.Equal(content.File("appsettings.Staging.json"), error.FilePath);
        Assert.StartsWith($"{content.File("appsettings.Staging.json")}: line 3, position ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>As the README and the template write it: <c>Host.CreateApplicationBuilder</c> with its defaults.</summary>
    private static IHost Build(TempDirectory content, string environment, params string[] directories)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ApplicationName = "greeter-daemon",
            ContentRootPath = content.Path,
            EnvironmentName = environment,
        });
        builder.AddDatagramConfiguration(directories);
        builder.Services.AddDatagramDaemon().AddHandler<ThirdPartyHostTests.GreetingHandler>("greeter");
        return builder.Build();
    }

    private static Task WriteAsync(TempDirectory dir, string name, string text) => File.WriteAllTextAsync(dir.File(name), text);
}
