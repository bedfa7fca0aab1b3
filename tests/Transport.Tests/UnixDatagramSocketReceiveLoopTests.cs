using System.Text;
namespace UnixDatagram.Transport.Tests;

public sealed class UnixDatagramSocketReceiveLoopTests
{
    [Fact]
    public async Task Message_UnnamedSenderRightAfterNamedOne_ReportsUnnamed()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var collector = DatagramCollector.FromMessageEvent(server);
        using var named = Bound(dir.File("named.sock"));
        using var unnamed = new UnixDatagramSocket();

        named.SendTo("1"u8, dir.File("s.sock"));
        unnamed.SendTo("2"u8, dir.File("s.sock"));
        named.SendTo("3"u8, dir.File("s.sock"));
        var received = await collector.NextAsync(3);

        Assert.Equal(["1", "2", "3"], received.Select(r => r.Text));
        Assert.Equal(UnixSocketAddress.FromPath(dir.File("named.sock")), received[0].Sender);
        Assert.Equal(UnixSocketAddress.Unnamed, received[1].Sender);
        Assert.Equal(UnixSocketAddress.FromPath(dir.File("named.sock")), received[2].Sender);
    }

    [Fact]
    public async Task StartReceiving_DatagramLargerThanMaxDatagramSize_IsTruncatedWithItsRealLength_NextIsIntact()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var collector = DatagramCollector.Start(server, new ReceiveLoopOptions { MaxDatagramSize = 100 });
        using var client = Connected(dir.File("s.sock"));
        var big = Enumerable.Range(0, 70000).Select(i => (byte)i).ToArray();
        client.SendBufferSize = 2 * big.Length;

        client.Send(big);
        client.Send("next"u8);
        var first = await collector.NextAsync();
        var second = await collector.NextAsync();

        Assert.True(first.IsTruncated);
        Assert.Equal(70000, first.DatagramLength);
        Assert.Equal(big[..100], first.Payload);
        Assert.False(second.IsTruncated);
        Assert.Equal(4, second.DatagramLength);
        Assert.Equal("next", second.Text);
    }

    [Fact]
    public async Task StartReceiving_ReceiverHoldsDatagrams_StopsAtMaxInFlight_SenderCongested_DisposeResumesWithNothingLost()
    {
        const int MaxInFlight = 8;
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var receiver = new HoldingReceiver(holdFirst: MaxInFlight);
        server.StartReceiving(receiver, new ReceiveLoopOptions { BatchSize = 4, MaxInFlight = MaxInFlight });
        using var client = Connected(dir.File("s.sock"));

        // The loop can only push back if it stops reading: an endless reader would never congest a sender.
        var sent = 0;
        while (client.Send(BitConverter.GetBytes(sent)) == SendStatus.Sent)
        {
            sent++;
            Assert.True(sent < 10_000, "the sender never saw congestion: the loop did not stop reading");
        }

        await receiver.Holding.Within();
        Assert.Equal(MaxInFlight, receiver.MostHeld);
        receiver.ReleaseHeld();
        await SendNumbersAsync(client, sent, sent + 100);

        var all = await receiver.UntilAsync(sent + 100);
        Assert.Equal(Enumerable.Range(0, sent + 100), all);
        Assert.Equal(MaxInFlight, receiver.MostHeld);
    }

    [Fact]
    public async Task Message_HandlerThrows_RaisesErrorAndTheLoopGoesOn()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var errors = new TaskCompletionSource<UnixSocketException>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Error += (_, e) => errors.TrySetResult(e.Exception);
        var second = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Message += (_, e) =>
        {
            var text = Encoding.UTF8.GetString(e.Payload.Span);
            if (text == "boom")
            {
                throw new InvalidOperationException("handler failed");
            }

            second.TrySetResult(text);
        };
        server.StartReceiving();
        using var client = Connected(dir.File("s.sock"));

        client.Send("boom"u8);
        client.Send("fine"u8);

        Assert.Contains("handler failed", (await errors.Task.Within()).Message, StringComparison.Ordinal);
        Assert.Equal("fine", await second.Task.Within());
    }

    [Fact]
    public async Task StartReceiving_Twice_ThrowsAndTryReceiveWhileRunningThrows()
    {
        using var server = Bound(TestNames.UniqueAbstractName("loop"));
        server.StartReceiving();

        Assert.Throws<InvalidOperationException>(() => server.StartReceiving());
        Assert.Throws<InvalidOperationException>(() => server.TryReceive(new byte[1], out _));
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.ReceiveAsync(new byte[1]).AsTask());
    }

    [Fact]
    public async Task StopReceiving_LeavesLaterDatagramsForTryReceive()
    {
        var name = TestNames.UniqueAbstractName("stop");
        using var server = Bound(name);
        var collector = DatagramCollector.Start(server);
        using var client = Connected(name);
        client.Send("to loop"u8);
        Assert.Equal("to loop", (await collector.NextAsync()).Text);

        server.StopReceiving();
        client.Send("to queue"u8);
        var buffer = new byte[16];
        var result = await server.ReceiveAsync(buffer).Within();

        Assert.Equal("to queue", Encoding.UTF8.GetString(buffer, 0, result.Length));
        Assert.False(server.TryReceive(buffer, out _));
    }

    [Fact]
    public async Task Message_HandlerAndErrorHandlerBothThrow_TheIoThreadSurvives()
    {
        var name = TestNames.UniqueAbstractName("throwers");
        using var server = Bound(name);
        server.Error += (_, _) => throw new InvalidOperationException("error handler failed too");
        var fine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Message += (_, e) =>
        {
            if (e.Payload.Length == 4)
            {
                throw new InvalidOperationException("handler failed");
            }

            fine.TrySetResult();
        };
        using var client = Connected(name);

        // Both queued before the loop starts, so one recvmmsg takes them together: the throw must not cut the batch.
        client.Send("boom"u8);
        client.Send("ok!"u8);
        server.StartReceiving();

        await fine.Task.Within();
    }

    [Fact]
    public async Task StartReceiving_WhileReceiveAsyncWaits_FailsTheWaitWithInvalidOperation()
    {
        using var server = Bound(TestNames.UniqueAbstractName("switch"));
        var pending = server.ReceiveAsync(new byte[8]).AsTask();

        server.StartReceiving();

        await Assert.ThrowsAsync<InvalidOperationException>(() => pending.Within());
    }
}
