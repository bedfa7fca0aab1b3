using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

public sealed class DatagramListenerServiceTests
{
    [Fact]
    public async Task Ordered_ThousandDatagramsThroughCongestion_HandledInOrder()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), ("record", recorder));
        await daemon.StartAsync();
        using (var client = daemon.Connect("ingest.sock"))
        {
            await TestSockets.SendNumbersAsync(client, 0, 1000);
        }

        await recorder.WaitForAsync(1000).Within();
        Assert.Equal(Enumerable.Range(0, 1000), Payloads.Numbers(recorder.Payloads));
        await daemon.StopAsync().Within();
        Assert.False(File.Exists(daemon.Path("ingest.sock")));
    }

    [Fact]
    public async Task Handlers_PathAbstractAndUnnamedSenders_GetExactlyWhatWasSent()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), ("record", recorder));
        await daemon.StartAsync();
        var target = UnixSocketAddress.Parse(daemon.Path("ingest.sock"));
        var abstractName = "@udg-listener-" + Guid.NewGuid().ToString("N");
        using var pathClient = TestSockets.Bound(daemon.Path("client.sock"));
        using var abstractClient = TestSockets.Bound(abstractName);
        using var unboundClient = new UnixDatagramSocket();
        byte[] binary = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];
        var sent = new (UnixDatagramSocket Client, byte[] Payload, UnixSocketAddress Sender)[]
        {
            (pathClient, "from a path"u8.ToArray(), UnixSocketAddress.FromPath(daemon.Path("client.sock"))),
            (abstractClient, binary, UnixSocketAddress.Parse(abstractName)),
            (unboundClient, "from nobody's name"u8.ToArray(), default),
            (pathClient, [], UnixSocketAddress.FromPath(daemon.Path("client.sock"))),
            (unboundClient, new byte[65000], default),
        };

        foreach (var (client, payload, _) in sent)
        {
            await client.SendToAsync(payload, target).Within();
        }

        await recorder.WaitForAsync(sent.Length).Within();
        var ours = new UnixCredentials(Environment.ProcessId, UnixProcess.UserId, UnixProcess.GroupId);
        Assert.Equal(sent.Length, recorder.Received.Count);
        foreach (var (expected, got) in sent.Zip(recorder.Received))
        {
            Assert.Equal(expected.Payload, got.Payload);
            Assert.Equal("ingest", got.Endpoint);
            Assert.Equal(expected.Sender.Kind, got.Sender.Kind);
            Assert.Equal(expected.Sender.ToString(), got.Sender.ToString());
            Assert.Equal(expected.Sender.IsAddressable, got.CanReply);
            Assert.Equal(ours, got.Credentials);
            Assert.False(got.IsTruncated);
            Assert.Equal(expected.Payload.Length, got.DatagramLength);
        }
    }
}
