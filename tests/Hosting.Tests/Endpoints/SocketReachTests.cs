using System.Text;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// A socket's <c>Mode</c> that lets other users connect is worth nothing in a directory they may not search (the
/// default <c>/tmp/dgramd-&lt;uid&gt;</c> is 0700): the daemon says so at bind, naming endpoint, path, mode and the
/// directory's mode; the same for the control socket and <c>ControlAllowedUserIds</c>. A user other than root
/// (uid 65534, through <c>setpriv</c>) shows the warning is true, and its absence too.
/// </summary>
public sealed class SocketReachTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task Bind_ModeForOthersInAPrivateDirectory_WarnsAndOthersIndeedCannotSend()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("public", "public.sock", ["record"], "Mode=0666"), ("record", new RecordingHandler()));
        Assert.Equal(Private, File.GetUnixFileMode(daemon.Directory.Path));

        await daemon.StartAsync();

        Assert.StartsWith(
            $"Endpoint 'public' at {daemon.Path("public.sock")} has mode 0666 (Daemon:Endpoints:0:Mode), but the directory {daemon.Directory.Path} has mode 0700: other users cannot reach the socket, ",
            daemon.Log.Single(1005).Message,
            StringComparison.Ordinal);
        var nobody = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, daemon.Path("public.sock"), Convert.ToHexString("x"u8)).Within();
        Assert.True(nobody.ExitCode == 13, $"expected EACCES: {nobody}");
    }

    [Fact]
    public async Task Bind_ModeForOthersInADirectoryTheyMaySearch_NoWarningAndOthersSend()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("public", "public.sock", ["record"], "Mode=0666"), ("record", recorder));
        daemon.Directory.OpenToOthers();

        await daemon.StartAsync();

        var nobody = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, daemon.Path("public.sock"), Convert.ToHexString("nobody"u8)).Within();
        Assert.True(nobody.ExitCode == 0, nobody.ToString());
        await recorder.WaitForAsync(1).Within();
        Assert.Equal("nobody", Encoding.UTF8.GetString(Assert.Single(recorder.Received).Payload));
        Assert.Empty(daemon.Log.Events(1005));
    }

    [Theory]
    [InlineData("0660", "GroupId=65534", "the socket's group")]
    [InlineData("0660", null, null)]   // the default Mode, for the daemon's own group: said nothing of
    [InlineData("0600", null, null)]
    public async Task Bind_ModeForTheGroupInAPrivateDirectory_WarnsOnlyForAGroupGivenIt(string mode, string? group, string? whom)
    {
        string[] settings = group is null ? ["Mode=" + mode] : ["Mode=" + mode, group];
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("grouped", "grouped.sock", ["record"], settings), ("record", new RecordingHandler()));

        await daemon.StartAsync();

        if (whom is null)
        {
            Assert.Empty(daemon.Log.Events(1005));
        }
        else
        {
            Assert.Contains($"has mode {mode} (Daemon:Endpoints:0:Mode), but the directory {daemon.Directory.Path} has mode 0700: {whom} cannot reach", daemon.Log.Single(1005).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Start_ControlAllowedUserIdsInAPrivateDirectory_Warns(bool searchable, bool warned)
    {
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Merge(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), new Dictionary<string, string?>
            {
                ["Daemon:ControlPath"] = "control.sock",
                ["Daemon:ControlAllowedUserIds:0"] = "65534",
            }),
            ("record", new RecordingHandler()));
        if (searchable)
        {
            daemon.Directory.OpenToOthers();
        }

        await daemon.StartAsync();

        Assert.Equal(warned ? 1 : 0, daemon.Log.Events(1204).Count);
        if (warned)
        {
            Assert.StartsWith($"Control socket {daemon.Path("control.sock")} lets uids 65534 (Daemon:ControlAllowedUserIds) connect, but the directory {daemon.Directory.Path} has mode 0700: they cannot reach", daemon.Log.Single(1204).Message, StringComparison.Ordinal);
        }
    }
}
