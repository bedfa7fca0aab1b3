using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

public sealed class ExternalClientTests
{
    [Fact]
    public async Task Logger_SendsToEndpoint_HandlerGetsItsSyslogLineIntact()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("syslog", "log.sock", ["record"]), ("record", recorder));
        await daemon.StartAsync();

        var logger = await ExternalProcess.RunAsync("logger", "-u", daemon.Path("log.sock"), "-t", "udgtest", "hello from logger");
        Assert.True(logger.ExitCode == 0, logger.ToString());

        await recorder.WaitForAsync(1).Within();
        var got = Assert.Single(recorder.Received);
        Assert.Matches(@"^<13>[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} udgtest: hello from logger$", Encoding.UTF8.GetString(got.Payload));
        Assert.Equal("syslog", got.Endpoint);
        Assert.Equal(new UnixCredentials(logger.ProcessId, UnixProcess.UserId, UnixProcess.GroupId), got.Credentials);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Python_SendsEveryByteValue_HandlerGetsThemIntactWithSender(bool bound)
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), ("record", recorder));
        await daemon.StartAsync();
        byte[] payload = [.. Enumerable.Range(0, 256).Select(i => (byte)i), .. Enumerable.Range(0, 256).Select(i => (byte)(255 - i))];
        var own = daemon.Path("python.sock");

        var python = bound
            ? await ExternalProcess.PythonAsync(PythonPeers.SendBound, Convert.ToHexString(Encoding.UTF8.GetBytes(own)), Convert.ToHexString(payload), daemon.Path("ingest.sock"))
            : await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path("ingest.sock"), Convert.ToHexString(payload));
        Assert.True(python.ExitCode == 0, python.ToString());

        await recorder.WaitForAsync(1).Within();
        var got = Assert.Single(recorder.Received);
        Assert.Equal(payload, got.Payload);
        Assert.Equal(bound ? own : "(unnamed)", got.Sender.ToString());
        Assert.Equal(bound, got.CanReply);
        Assert.Equal(new UnixCredentials(python.ProcessId, UnixProcess.UserId, UnixProcess.GroupId), got.Credentials);
    }
}
