using System.Buffers.Binary;

namespace UnixDatagram.Transport.Tests;

public sealed class UnixDatagramSocketSendTests
{
    private const int Count = 300;

    /// <summary>
    /// unix-dgram's congestion test, the Node way: send in a tight loop; a refused send hands its payload back through
    /// Congestion, the application queues it and everything after it, and resends on Writable.
    /// </summary>
    [Fact]
    public async Task Send_TightLoopThroughCongestion_ResentOnWritable_AllArriveInOrder()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = Connected(dir.File("s.sock"));
        var sender = new QueueingSender(client);

        for (var i = 0; i < Count; i++)
        {
            sender.SendOrQueue(Payload(i));
        }

        // Nothing has been read yet, so the kernel queue (net.unix.max_dgram_qlen) must have refused some of them.
        Assert.True(sender.CongestionEvents >= 1, "the sender never saw congestion");
        Assert.True(sender.CongestedSends >= 1, "Send never returned Congested");
        Assert.True(client.IsCongested);

        var received = new List<int>(Count);
        var buffer = new byte[16];
        while (received.Count < Count)
        {
            await server.ReceiveAsync(buffer).Within();
            received.Add(BinaryPrimitives.ReadInt32LittleEndian(buffer));
        }

        Assert.Equal(Enumerable.Range(0, Count), received);
        await sender.Drained.Within();
        Assert.True(sender.WritableEvents >= 1);
    }

    [Fact]
    public async Task SendAsync_ReceiverQueueFull_WaitsForWritableAndDeliversInOrder()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = Connected(dir.File("s.sock"));
        var sent = 0;
        while (client.Send(Payload(sent)) == SendStatus.Sent)
        {
            sent++;
        }

        var collector = DatagramCollector.Start(server);
        for (var i = sent; i < Count; i++)
        {
            await client.SendAsync(Payload(i)).Within();
        }

        var received = await collector.NextAsync(Count);
        Assert.Equal(Enumerable.Range(0, Count), received.Select(r => BinaryPrimitives.ReadInt32LittleEndian(r.Payload)));
    }

    [Fact]
    public async Task SendToAsync_UnconnectedReceiverQueueFull_WaitsAndDeliversInOrder()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var destination = UnixSocketAddress.FromPath(dir.File("s.sock"));
        using var client = new UnixDatagramSocket();
        var congestion = 0;
        client.Congestion += (_, _) => congestion++;
        var sent = 0;
        while (client.SendTo(Payload(sent), destination) == SendStatus.Sent)
        {
            sent++;
        }

        // Not IsCongested: after an unconnected send the Writable back-off (1 ms) may already have cleared it.
        Assert.Equal(1, congestion);
        var collector = DatagramCollector.Start(server);
        for (var i = sent; i < 50; i++)
        {
            await client.SendToAsync(Payload(i), destination).Within();
        }

        var received = await collector.NextAsync(50);
        Assert.Equal(Enumerable.Range(0, 50), received.Select(r => BinaryPrimitives.ReadInt32LittleEndian(r.Payload)));
    }

    [Fact]
    public void SendTo_MissingPath_ThrowsENOENTNamingThePath_AndRaisesError()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("missing.sock");
        using var client = new UnixDatagramSocket();
        var errors = new List<UnixSocketException>();
        client.Error += (_, e) => errors.Add(e.Exception);

        var thrown = Assert.Throws<UnixSocketException>(() => client.SendTo("x"u8, missing));

        Assert.Equal("ENOENT", thrown.ErrorName);
        Assert.Equal(2, thrown.ErrorNumber);
        Assert.Contains(missing, thrown.Message, StringComparison.Ordinal);
        Assert.Contains("no socket", thrown.Message, StringComparison.Ordinal);
        var raised = Assert.Single(errors);
        Assert.Same(thrown, raised);
    }

    [Fact]
    public void SendTo_MissingPath_SignalStyle_ErrorEventCarriesENOENT()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("missing.sock");
        using var client = new UnixDatagramSocket();
        UnixSocketException? signalled = null;
        client.Error += (_, e) => signalled = e.Exception;

        try
        {
            client.SendTo("x"u8, missing);
        }
        catch (UnixSocketException)
        {
            // This test listens the Node way, through the Error event only.
        }

        Assert.NotNull(signalled);
        Assert.Equal("ENOENT", signalled.ErrorName);
        Assert.Equal(missing, signalled.Address);
    }

    [Fact]
    public void Send_PeerClosed_ThrowsECONNREFUSEDSayingThePeerIsGone()
    {
        using var dir = new TempDirectory();
        var server = new UnixDatagramSocket();
        server.Bind(dir.File("s.sock"));
        using var client = Connected(dir.File("s.sock"));
        ForkGate.Close(server);

        var thrown = Assert.Throws<UnixSocketException>(() => client.Send("x"u8));

        Assert.Equal("ECONNREFUSED", thrown.ErrorName);
        Assert.Contains("gone", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SendTo_RegularFile_ThrowsECONNREFUSEDSayingItIsARegularFileNotASocket()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("plain"), "x");
        using var client = new UnixDatagramSocket();

        var thrown = Assert.Throws<UnixSocketException>(() => client.SendTo("x"u8, dir.File("plain")));

        Assert.Equal("ECONNREFUSED", thrown.ErrorName);
        Assert.Contains($"'{dir.File("plain")}' is a regular file (owner uid 0), not a socket", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_NotConnected_ThrowsSayingSo()
    {
        using var client = new UnixDatagramSocket();

        var thrown = Assert.Throws<UnixSocketException>(() => client.Send("x"u8));

        Assert.Contains("not connected", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_LargerThanSendBuffer_ThrowsEMSGSIZEWithSizeAndSendBuffer()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = new UnixDatagramSocket();
        client.SendBufferSize = 8192;
        client.Connect(dir.File("s.sock"));
        var sendBuffer = client.SendBufferSize;
        var payload = new byte[sendBuffer + 1000];

        var thrown = Assert.Throws<UnixSocketException>(() => client.Send(payload));

        Assert.Equal("EMSGSIZE", thrown.ErrorName);
        Assert.Contains($"{payload.Length} bytes", thrown.Message, StringComparison.Ordinal);
        Assert.Contains($"SO_SNDBUF is {sendBuffer} bytes", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendTo_ReplyToBoundSender_ClientReceivesIt()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = Bound(dir.File("c.sock"));
        client.Connect(dir.File("s.sock"));
        server.Message += (_, e) => server.SendTo([.. "re: "u8, .. e.Payload.Span], e.Sender);
        server.StartReceiving();

        client.Send("ping"u8);
        var buffer = new byte[64];
        var reply = await client.ReceiveAsync(buffer).Within();

        Assert.Equal("re: ping", System.Text.Encoding.UTF8.GetString(buffer, 0, reply.Length));
        Assert.Equal(UnixSocketAddress.FromPath(dir.File("s.sock")), reply.Sender);
    }

    [Fact]
    public async Task SendTo_ReplyToUnnamedSender_ThrowsArgumentExceptionSayingUnnamed()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = new UnixDatagramSocket();
        client.SendTo("ping"u8, dir.File("s.sock"));
        var buffer = new byte[64];
        var request = await server.ReceiveAsync(buffer).Within();

        var thrown = Assert.Throws<ArgumentException>(() => server.SendTo("pong"u8, request.Sender));
        var thrownAsync = await Assert.ThrowsAsync<ArgumentException>(() => server.SendToAsync("pong"u8.ToArray(), request.Sender).AsTask());

        Assert.Contains("unnamed", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("never bound", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("unnamed", thrownAsync.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_EmptyPayload_ArrivesAsZeroLengthDatagram()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = Connected(dir.File("s.sock"));

        Assert.Equal(SendStatus.Sent, client.Send([]));
        var result = await server.ReceiveAsync(new byte[8]).Within();

        Assert.Equal(0, result.Length);
        Assert.Equal(0, result.DatagramLength);
        Assert.False(result.IsTruncated);
    }

    private static byte[] Payload(int i)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(payload, i);
        return payload;
    }
}
