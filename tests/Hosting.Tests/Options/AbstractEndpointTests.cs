using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Options;

/// <summary>
/// An endpoint at an abstract name (<c>@name</c>) has no file, so no owner or permissions: it needs AllowAbstractName,
/// refuses the file settings it cannot apply, and its senders are chosen by the allow-list alone.
/// </summary>
public sealed class AbstractEndpointTests
{
    private const string E0 = "Daemon:Endpoints:0:";
    private const string Name = "@dgramd-test-abstract-refused";

    public static TheoryData<string, string[], string, string[]> Cases => new()
    {
        { "abstract name without AllowAbstractName", [E0 + "Path=" + Name], E0 + "Path", ["'" + Name + "'", E0 + "AllowAbstractName"] },
        { "abstract name with Mode", [E0 + "Path=" + Name, E0 + "AllowAbstractName=true", E0 + "Mode=0600"], E0 + "Mode", ["'0600'", "AllowedUserIds/AllowedGroupIds"] },
        { "abstract name with the default Mode set", [E0 + "Path=" + Name, E0 + "AllowAbstractName=true", E0 + "Mode=0660"], E0 + "Mode", ["'0660'"] },
        { "abstract name with UserId", [E0 + "Path=" + Name, E0 + "AllowAbstractName=true", E0 + "UserId=0"], E0 + "UserId", ["'0'", "AllowedUserIds/AllowedGroupIds"] },
        { "abstract name with GroupId", [E0 + "Path=" + Name, E0 + "AllowAbstractName=true", E0 + "GroupId=0"], E0 + "GroupId", ["'0'", "AllowedUserIds/AllowedGroupIds"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task StartAsync_AbstractEndpointWithoutOptInOrWithFileSettings_FailsNamingTheKey(string description, string[] settings, string key, string[] values) =>
        StartFailure.AssertAsync(description, settings, key, values);

    [Fact]
    public async Task StartAsync_AbstractEndpointAllowed_BindLineHasNoModeAndTheAllowListChoosesSenders()
    {
        var name = "@dgramd-test-abstract-" + Guid.NewGuid().ToString("N");
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", name, ["record"], "AllowAbstractName=true", "AllowedUserIds:0=0"),
            ("record", recorder));
        await daemon.StartAsync();

        var bound = Assert.Single(daemon.Log.Events(1007)).Message;
        Assert.Contains($"'ingest' bound to {name} (an abstract name: no file, no mode;", bound, StringComparison.Ordinal);
        Assert.Empty(daemon.Log.Events(1000));

        // No directory or file stands between nobody and the name: only the allow-list keeps it out.
        (await ExternalProcess.PythonAsNobodyAsync(
            "import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'from nobody', '\\0' + sys.argv[1][1:])", name)
            .WaitAsync(TestWait.Timeout)).EnsureSuccess();
        using (var client = new UnixDatagramSocket())
        {
            await client.SendToAsync("from root"u8.ToArray(), UnixSocketAddress.Parse(name)).Within();
        }

        await recorder.WaitForAsync(1).Within();
        await daemon.StopAsync().Within();

        Assert.Equal(["from root"], recorder.Payloads.Select(p => Encoding.UTF8.GetString(p)));
        Assert.Equal(1, daemon.Endpoint("ingest").Rejected);
    }
}
