using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests.Options;

/// <summary>
/// Fail closed, kind 1: every value in the Daemon section converts or start fails naming its full key and value.
/// The configuration binder skips list items (and whole list entries of a complex type) that it cannot convert.
/// </summary>
public sealed class ConfigurationConversionTests
{
    private const string E0 = "Daemon:Endpoints:0:";
    private const string T0 = "Daemon:Targets:0:";
    private const string SF = "Daemon:Handlers:syslog-files:";

    public static TheoryData<string, string[], string, string[]> Cases => new()
    {
        // The examples: each bound as "everyone" or removed the endpoint.
        { "allowed uids a number, not a list", [E0 + "AllowedUserIds=0"], E0 + "AllowedUserIds", ["'0'", "is not a list"] },
        { "allowed uid -1", [E0 + "AllowedUserIds:0=-1"], E0 + "AllowedUserIds:0", ["'-1'"] },
        { "allowed uid a name", [E0 + "AllowedUserIds:0=root"], E0 + "AllowedUserIds:0", ["'root'"] },
        { "dispatch not a mode", [E0 + "Dispatch=Bogus"], E0 + "Dispatch", ["'Bogus'", "Ordered, Concurrent"] },
        { "handler timeout not a time", [E0 + "HandlerTimeout=abc"], E0 + "HandlerTimeout", ["'abc'"] },

        // More of the same kind.
        { "allowed gid a group name, second item", [E0 + "AllowedGroupIds:0=0", E0 + "AllowedGroupIds:1=wheel"], E0 + "AllowedGroupIds:1", ["'wheel'"] },
        { "pass credentials yes", [E0 + "PassCredentials=yes"], E0 + "PassCredentials", ["'yes'", "true or false"] },
        { "when full as a number", [E0 + "WhenFull=2"], E0 + "WhenFull", ["'2'", "Wait, DropNewest, DropOldest"] },
        { "uid (uid_t)-1", [E0 + "AllowedUserIds:0=4294967295"], E0 + "AllowedUserIds:0", ["'4294967295'"] },
        { "owner (uid_t)-1", [E0 + "UserId=4294967295"], E0 + "UserId", ["'4294967295'"] },
        { "misspelt AllowedUserIds", [E0 + "AllowedUserId:0=0"], E0 + "AllowedUserId", ["'AllowedUserId'", "AllowedUserIds"] },
        { "misspelt syslog-files Selector", [SF + "Outputs:0:File=x.log", SF + "Outputs:0:Selectr=mail.*"], SF + "Outputs:0:Selectr", ["'Selectr'", "Selector"] },
        { "misspelt syslog-files File", [SF + "Outputs:0:Fle=x.log"], SF + "Outputs:0:Fle", ["'Fle'", "File"] },
        { "misspelt syslog-files Directory", [SF + "Directry=/var/log/x", SF + "Outputs:0:File=x.log"], SF + "Directry", ["'Directry'", "Directory"] },
        { "misspelt syslog-files FileMode", [SF + "FileMod=0600", SF + "Outputs:0:File=/tmp/x.log"], SF + "FileMod", ["'FileMod'", "FileMode"] },
        { "misspelt syslog-files Outputs", [SF + "Output:0:File=/tmp/x.log"], SF + "Output", ["'Output'", "Outputs"] },
        { "misspelt forward Target", ["Daemon:Handlers:forward:Targt=up"], "Daemon:Handlers:forward:Targt", ["'Targt'", "Target"] },
        { "target policy unknown", [T0 + "Name=up", T0 + "Path=up.sock", T0 + "WhenCongested=Sometimes"], T0 + "WhenCongested", ["'Sometimes'", "Wait, DropNewest, Fail"] },
        { "target queue not a number", [T0 + "Name=up", T0 + "Path=up.sock", T0 + "QueueCapacity=lots"], T0 + "QueueCapacity", ["'lots'"] },
        { "top level timeout", ["Daemon:ShutdownTimeout=abc"], "Daemon:ShutdownTimeout", ["'abc'"] },
        { "rate limit interval in seconds, as journald's", [E0 + "RateLimitInterval=30"], E0 + "RateLimitInterval", ["'30'", "is a bare number, which .NET reads as 30 day(s)", "00:00:30 for 30 seconds"] },
        { "stall timeout a bare number", [E0 + "StallTimeout=5"], E0 + "StallTimeout", ["'5'", "bare number"] },
        { "shutdown timeout a bare number", ["Daemon:ShutdownTimeout=10"], "Daemon:ShutdownTimeout", ["'10'", "bare number", "00:00:10 for 10 seconds"] },
        { "control uids a number", ["Daemon:ControlAllowedUserIds=1000"], "Daemon:ControlAllowedUserIds", ["'1000'", "is not a list"] },
        { "reload uids a number", ["Daemon:ControlReloadUserIds=1000"], "Daemon:ControlReloadUserIds", ["'1000'", "is not a list"] },
        { "reload uid (uid_t)-1", ["Daemon:ControlReloadUserIds:0=4294967295"], "Daemon:ControlReloadUserIds:0", ["'4294967295'"] },
        { "misspelt ControlReloadUserIds", ["Daemon:ControlReloadUserId:0=1000"], "Daemon:ControlReloadUserId", ["'ControlReloadUserId'", "ControlReloadUserIds"] },
        { "queue capacity beyond any int", [E0 + "QueueCapacity=99999999999"], E0 + "QueueCapacity", ["'99999999999'", "is out of range"] },
        { "owner uid negative", [E0 + "UserId=-5"], E0 + "UserId", ["'-5'", "is out of range"] },

        // Any unknown key: a misspelt one would leave the default, or the file's value, in force.
        { "misspelt Endpoints", ["Daemon:Endpionts:0:Name=x", "Daemon:Endpionts:0:Path=x.sock"], "Daemon:Endpionts", ["'Endpionts'", "did you mean Endpoints?", "so start fails"] },
        { "misspelt QueueCapacity", [E0 + "QueueCapacty=5"], E0 + "QueueCapacty", ["'QueueCapacty'", "did you mean QueueCapacity?"] },
        { "misspelt log handler Format", ["Daemon:Handlers:log:Formatt=Hex"], "Daemon:Handlers:log:Formatt", ["'Formatt'", "did you mean Format?"] },
        { "unknown key near nothing", [E0 + "Colour=blue"], E0 + "Colour", ["'Colour'", "known:"] },
        { "options for a handler that takes none", ["Daemon:Handlers:echo:Mode=0600"], "Daemon:Handlers:echo", ["handler 'echo' takes no options"] },

        // A value and entries for one key (the command line over a file's list): the binder would take the entries.
        { "allowed uids a value over a list", [E0 + "AllowedUserIds=0", E0 + "AllowedUserIds:0=0", E0 + "AllowedUserIds:1=65534"], E0 + "AllowedUserIds", ["the single value '0'", "the entries '0', '1'"] },
        { "handlers a value over a list", [E0 + "Handlers=echo"], E0 + "Handlers", ["the single value 'echo'", "the entry '0'"] },
        { "control uids a value over a list", ["Daemon:ControlAllowedUserIds=0", "Daemon:ControlAllowedUserIds:0=65534"], "Daemon:ControlAllowedUserIds", ["the single value '0'"] },
        { "log handler max bytes", ["Daemon:Handlers:log:MaxBytes=many"], "Daemon:Handlers:log:MaxBytes", ["'many'"] },
        { "log handler level", ["Daemon:Handlers:log:Level=Loud"], "Daemon:Handlers:log:Level", ["'Loud'"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task StartAsync_ValueThatDoesNotConvert_FailsNamingKeyAndValue(string description, string[] settings, string key, string[] values) =>
        StartFailure.AssertAsync(description, settings, key, values);

    [Fact]
    public async Task StartAsync_ThirdPartyHandlerOptionsListItemDoesNotConvert_FailsNamingKeyAndValue()
    {
        using var dir = new TempDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "third-party" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Daemon:SocketDirectory"] = dir.Path,
            ["Daemon:Endpoints:0:Name"] = "in",
            ["Daemon:Endpoints:0:Path"] = "in.sock",
            ["Daemon:Endpoints:0:Handlers:0"] = "ports",
            ["Daemon:Handlers:ports:Ports:0"] = "514",
            ["Daemon:Handlers:ports:Ports:1"] = "syslog",
        });
        builder.Services.AddDatagramDaemon().AddHandler<PortsHandler, PortsOptions>("ports");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Within());

        Assert.Contains(error.Failures, f => f.StartsWith("Daemon:Handlers:ports:Ports:1: 'syslog'", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Run_AllowedUserIdsNotAList_ExitsNonZeroNamingKeyAndValue()
    {
        using var dir = new TempDirectory();
        var env = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path };
        var (code, daemon) = await DaemonProcess.RunAsync(["run", "--Daemon:Endpoints:0:AllowedUserIds=0", "--Daemon:Endpoints:0:Mode=0666"], env);

        Assert.NotEqual(0, code);
        Assert.Contains("Daemon:Endpoints:0:AllowedUserIds: '0' is not a list", daemon.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    /// <summary>A third party's options: a list of ports.</summary>
    public sealed class PortsOptions
    {
        public IList<int> Ports { get; } = [];
    }

    /// <summary>A third party's handler that reads <see cref="PortsOptions"/>.</summary>
    public sealed class PortsHandler([ServiceKey] string name, IOptionsMonitor<PortsOptions> options) : IDatagramHandler
    {
        public int PortCount => options.Get(name).Ports.Count;

        public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
