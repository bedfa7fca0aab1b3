using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

public sealed class AdmissionTests
{
    [Fact]
    public async Task Truncated_WhenTruncatedDrop_NotHandledButCounted()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"], "MaxDatagramSize=16", "WhenTruncated=Drop"),
            ("record", recorder));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");
        await client.SendAsync(Payloads.Oversized()).Within();
        await client.SendAsync("fits"u8.ToArray()).Within();

        await recorder.WaitForAsync(1).Within();
        await daemon.StopAsync().Within();

        Assert.Equal("fits", Encoding.UTF8.GetString(Assert.Single(recorder.Payloads)));
        var stats = daemon.Endpoint("ingest");
        Assert.Equal(2, stats.Received);
        Assert.Equal(1, stats.Truncated);
        Assert.Equal(1, stats.Handled);
        var warning = Assert.Single(daemon.Log.Events(1103));
        Assert.Contains("'ingest'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("100 bytes", warning.Message, StringComparison.Ordinal);

        // The endpoint's last line accounts for every datagram it received: what was not handled says why.
        var stopped = Assert.Single(daemon.Log.Events(1107)).Message;
        Assert.Contains("2 received, 1 handled, 0 failed, 0 timed out, 0 dropped, 1 truncated (WhenTruncated Drop), 0 rejected, 0 suppressed, 0 self-sent", stopped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_WhenTruncatedDeliver_HandledMarkedWithRealLengthAndFirstBytes()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"], "MaxDatagramSize=16", "WhenTruncated=Deliver"),
            ("record", recorder));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");
        await client.SendAsync(Payloads.Oversized()).Within();

        await recorder.WaitForAsync(1).Within();
        await daemon.StopAsync().Within();

        var got = Assert.Single(recorder.Received);
        Assert.True(got.IsTruncated);
        Assert.Equal(100, got.DatagramLength);
        Assert.Equal(Payloads.Oversized()[..16], got.Payload);
        Assert.Equal(1, daemon.Endpoint("ingest").Truncated);
        Assert.Equal(1, daemon.Endpoint("ingest").Handled);
    }

    [Fact]
    public async Task AllowedUserIds_OnlyNobody_RootIsRejectedAndNobodyIsHandled()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"], "AllowedUserIds:0=65534", "Mode=0666"),
            ("record", recorder));

        // nobody must reach the socket: through the (0700) temp directory, and into the socket by its mode.
        File.SetUnixFileMode(daemon.Directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        await daemon.StartAsync();
        var path = daemon.Path("ingest.sock");
        using (var root = new UnixDatagramSocket())
        {
            await root.SendToAsync("root"u8.ToArray(), UnixSocketAddress.Parse(path)).Within();
        }

        var nobody = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, path, Convert.ToHexString("nobody"u8)).Within();
        Assert.True(nobody.ExitCode == 0, nobody.ToString());

        // The socket reads in order: nobody's datagram handled means root's was judged before it.
        await recorder.WaitForAsync(1).Within();
        await daemon.StopAsync().Within();

        var got = Assert.Single(recorder.Received);
        Assert.Equal("nobody", Encoding.UTF8.GetString(got.Payload));
        Assert.Equal(new UnixCredentials(nobody.ProcessId, ExternalProcess.Nobody, ExternalProcess.Nobody), got.Credentials);
        var stats = daemon.Endpoint("ingest");
        Assert.Equal(1, stats.Rejected);
        Assert.Equal(1, stats.Handled);
        var warning = Assert.Single(daemon.Log.Events(1104));
        Assert.Contains("'ingest'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("uid=0", warning.Message, StringComparison.Ordinal);
    }
}
