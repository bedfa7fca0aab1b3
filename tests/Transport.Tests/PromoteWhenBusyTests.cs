using System.Threading.Channels;
using UnixDatagram.Transport.Internal;
namespace UnixDatagram.Transport.Tests;

public sealed class PromoteWhenBusyTests
{
    private const string SharedThread = "unix-dgram-io";
    private const string ReceiveThread = "unix-dgram-busy";

    [Fact]
    public async Task PromoteWhenBusy_Busy_ReadsOnAReceiveThread()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var receiver = new ThreadRecorder();
        server.StartReceiving(receiver, new ReceiveLoopOptions { MaxDatagramSize = 64, PromoteWhenBusy = true, PromoteAfter = 1, DemoteBelow = 0 });
        using var client = Connected(dir.File("s.sock"));

        client.Send("a"u8);
        Assert.Equal(("a", SharedThread), await receiver.NextAsync());
        await Until(() => server.IsReceivingOnOwnThread);

        client.Send("b"u8);
        Assert.Equal(("b", ReceiveThread), await receiver.NextAsync());
        Assert.Equal(1, server.ReceivePromotions);
    }

    [Fact]
    public async Task PromoteWhenBusy_QuietAgain_BackOnTheSharedThread()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var receiver = new ThreadRecorder();
        server.StartReceiving(receiver, new ReceiveLoopOptions { MaxDatagramSize = 64, PromoteWhenBusy = true, PromoteAfter = 1, DemoteBelow = 1, DemoteWindowMilliseconds = 10 });
        using var client = Connected(dir.File("s.sock"));

        client.Send("a"u8);
        Assert.Equal(("a", SharedThread), await receiver.NextAsync());
        await Until(() => server.ReceivePromotions == 1 && !server.IsReceivingOnOwnThread);

        client.Send("b"u8);
        Assert.Equal(("b", SharedThread), await receiver.NextAsync());
    }

    [Fact]
    public async Task PromoteWhenBusy_ThousandsAcrossPromotionsAndDemotions_AllArriveInOrder()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var collector = DatagramCollector.Start(server, new ReceiveLoopOptions { MaxDatagramSize = 64, MaxInFlight = 8, BatchSize = 4, PromoteWhenBusy = true, PromoteAfter = 1, DemoteBelow = int.MaxValue, DemoteWindowMilliseconds = 1 });
        using var client = Connected(dir.File("s.sock"));
        await SendNumbersAsync(client, 0, 3000);

        var received = await collector.NextAsync(3000);
        Assert.Equal(Enumerable.Range(0, 3000), received.Select(d => BitConverter.ToInt32(d.Payload)));
        Assert.Null(collector.ReceiveError);
        Assert.True(server.ReceivePromotions > 0);
    }

    [Fact]
    public async Task PromoteWhenBusy_MoreBusySocketsThanCpus_ReceiveThreadsStayWithinOnePerCpu()
    {
        using var dir = new TempDirectory();
        var sockets = new List<UnixDatagramSocket>();
        try
        {
            var receiver = new ThreadRecorder();
            for (var i = 0; i < ReceiveThreads.Limit + 3; i++)
            {
                var server = new UnixDatagramSocket();
                sockets.Add(server);
                server.Bind(dir.File($"s{i}.sock"));
                server.StartReceiving(receiver, new ReceiveLoopOptions { MaxDatagramSize = 64, PromoteWhenBusy = true, PromoteAfter = 1, DemoteBelow = 0 });
            }

            using var client = new UnixDatagramSocket();
            for (var round = 0; round < 2; round++)
            {
                for (var i = 0; i < sockets.Count; i++)
                {
                    client.SendTo("x"u8, dir.File($"s{i}.sock"));
                    await receiver.NextAsync();
                }
            }

            // Other tests may hold some of the allowance for a moment; never more than one thread per CPU, whatever the sockets.
            Assert.InRange(sockets.Count(s => s.IsReceivingOnOwnThread), 0, ReceiveThreads.Limit);
            Assert.InRange(ThreadsNamed(ReceiveThread), 0, ReceiveThreads.Limit);
            Assert.InRange(sockets.Sum(s => s.ReceivePromotions), 0, ReceiveThreads.Limit);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task StartReceiving_BeforeAnyDatagram_CreatesNoBuffersAndThenOnlyWhatTheLoadNeeds()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var collector = DatagramCollector.Start(server, new ReceiveLoopOptions { MaxDatagramSize = 1 << 20, MaxInFlight = 64 });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The pool would hold 64 MiB if it were made up front.
        Assert.InRange(allocated, 0, 1 << 20);
        Assert.Equal(0, server.ReceiveBuffersCreated);

        using var client = Connected(dir.File("s.sock"));
        client.Send("one"u8);
        Assert.Equal("one", (await collector.NextAsync()).Text);
        Assert.InRange(server.ReceiveBuffersCreated, 1, 4);
    }

    /// <summary>Threads of this process whose name (comm, at most 15 bytes) is <paramref name="name"/>; a thread that ends while the list is read is not one.</summary>
    private static int ThreadsNamed(string name) =>
        Directory.GetDirectories("/proc/self/task").Count(task => Comm(task) == name);

    private static string? Comm(string task)
    {
        try
        {
            return File.ReadAllText(Path.Join(task, "comm")).TrimEnd('\n');
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            return null;
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        while (!condition())
        {
            await Task.Delay(1, timeout.Token);
        }
    }

    /// <summary>Records each datagram's text and the name of the thread that delivered it.</summary>
    private sealed class ThreadRecorder : IDatagramReceiver
    {
        private readonly Channel<(string Text, string? Thread)> _received = Channel.CreateUnbounded<(string, string?)>();

        public void OnDatagram(Datagram datagram)
        {
            using (datagram)
            {
                _received.Writer.TryWrite((System.Text.Encoding.UTF8.GetString(datagram.Span), Thread.CurrentThread.Name));
            }
        }

        public void OnReceiveError(UnixSocketException exception) => _received.Writer.TryComplete(exception);

        public Task<(string Text, string? Thread)> NextAsync() => _received.Reader.ReadAsync().AsTask().WaitAsync(TestWait.Timeout);
    }
}
