using System.Net.Sockets;

namespace UnixDatagram.Transport.Tests;

[Collection(nameof(IoThreadAlone))]
public sealed class ReceiveLoopAllocationTests
{
    private const int Warm = 2_000;
    private const int Last = 12_000;

    [Fact]
    public async Task StartReceiving_Warm_AllocatesNothingPerDatagram()
    {
        using var dir = new TempDirectory();
        using var server = new UnixDatagramSocket { PassCredentials = true };
        server.Bind(dir.File("s.sock"));
        var probe = new AllocationProbe();
        // Buffers are created as the load grows (a batch doubles when the kernel fills it, at moments the machine
        // decides); a pool of 4 that the first batch creates whole makes "warm" deterministic.
        server.StartReceiving(probe, new ReceiveLoopOptions { MaxDatagramSize = 256, BatchSize = 4, MaxInFlight = 4 });

        // A blocking System.Net.Sockets sender waits in the kernel, never on our I/O thread, when the queue is full.
        using var sender = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        sender.Bind(new UnixDomainSocketEndPoint(dir.File("c.sock")));
        sender.Connect(new UnixDomainSocketEndPoint(dir.File("s.sock")));
        var sending = Task.Factory.StartNew(
            () =>
            {
                var payload = new byte[64];
                for (var i = 0; i < Last; i++)
                {
                    sender.Send(payload);
                }
            },
            TaskCreationOptions.LongRunning);

        await sending.Within();
        await probe.Done.Within();

        Assert.Equal(UnixSocketAddress.FromPath(dir.File("c.sock")), probe.LastSender);
        Assert.Equal(Environment.ProcessId, probe.LastCredentials?.ProcessId);
        Assert.Equal(0, probe.AllocatedBetween);
    }

    /// <summary>Reads the I/O thread's allocation counter at datagram <see cref="Warm"/> and at datagram <see cref="Last"/>.</summary>
    private sealed class AllocationProbe : IDatagramReceiver
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;
        private long _atWarm;

        public Task Done => _done.Task;

        public long AllocatedBetween { get; private set; } = -1;

        public UnixSocketAddress LastSender { get; private set; }

        public UnixCredentials? LastCredentials { get; private set; }

        public void OnDatagram(Datagram datagram)
        {
            _count++;
            LastSender = datagram.Sender;
            LastCredentials = datagram.Credentials;
            datagram.Dispose();
            if (_count == Warm)
            {
                _atWarm = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (_count == Last)
            {
                AllocatedBetween = GC.GetAllocatedBytesForCurrentThread() - _atWarm;
                _done.TrySetResult();
            }
        }

        public void OnReceiveError(UnixSocketException exception) => _done.TrySetException(exception);
    }
}
