namespace UnixDatagram.Hosting.Tests.Options;

/// <summary>Fail closed, kind 6: what can be known at start is checked at start, not at the first datagram or never.</summary>
public sealed class StartChecksTests
{
    private const string E0 = "Daemon:Endpoints:0:";
    private const string E1 = "Daemon:Endpoints:1:";

    public static TheoryData<string, string[], string, string[]> Cases => new()
    {
        // The examples.
        { "forward to a target not configured", [E0 + "Handlers:0=forward", "Daemon:Handlers:forward:Target=upstream"], "Daemon:Handlers:forward:Target", ["'upstream'", "Daemon:Endpoints:0:Handlers:0"] },
        { "mode with setuid, setgid and sticky", [E0 + "Mode=07777"], E0 + "Mode", ["'07777'"] },

        // More of the same kind.
        { "forward to a target spelt differently", [E0 + "Handlers:0=forward", "Daemon:Handlers:forward:Target=Upstream", "Daemon:Targets:0:Name=upstream", "Daemon:Targets:0:Path=up.sock"], "Daemon:Handlers:forward:Target", ["'Upstream'", "upstream"] },
        { "mode setuid only", [E0 + "Mode=04660"], E0 + "Mode", ["'04660'"] },
        { "mode nobody may write", [E0 + "Mode=0444"], E0 + "Mode", ["'0444'"] },
        { "control socket at an endpoint's path", ["Daemon:ControlPath=./in.sock"], E0 + "Path", ["'in.sock'", "Daemon:ControlPath"] },
        { "abstract control socket", ["Daemon:ControlPath=@ctl"], "Daemon:ControlPath", ["'@ctl'"] },
        { "duplicate path through ..", [E1 + "Name=other", E1 + "Path=sub/../in.sock", E1 + "Handlers:0=record"], E1 + "Path", ["'sub/../in.sock'", "Daemon:Endpoints:0"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task StartAsync_ImpossibleConfiguration_FailsAtStartNamingKeyAndValue(string description, string[] settings, string key, string[] values) =>
        StartFailure.AssertAsync(description, settings, key, values);
}
