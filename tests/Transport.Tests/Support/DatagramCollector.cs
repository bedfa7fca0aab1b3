using System.Threading.Channels;

namespace UnixDatagram.Transport.Tests;

/// <summary>An <see cref="IDatagramReceiver"/> that copies each datagram, disposes it, and queues the copy for the test.</summary>
internal sealed class DatagramCollector : IDatagramReceiver
{
    private readonly Channel<ReceivedDatagram> _received = Channel.CreateUnbounded<ReceivedDatagram>();

    public UnixSocketException? ReceiveError { get; private set; }

    /// <summary>Starts <paramref name="socket"/>'s batched loop into a new collector.</summary>
    public static DatagramCollector Start(UnixDatagramSocket socket, ReceiveLoopOptions? options = null)
    {
        var collector = new DatagramCollector();
        socket.StartReceiving(collector, options);
        return collector;
    }

    /// <summary>Collects what <paramref name="socket"/> raises through its <see cref="UnixDatagramSocket.Message"/> event.</summary>
    public static DatagramCollector FromMessageEvent(UnixDatagramSocket socket)
    {
        var collector = new DatagramCollector();
        socket.Message += (_, e) => collector._received.Writer.TryWrite(ReceivedDatagram.From(e.Datagram));
        socket.StartReceiving();
        return collector;
    }

    public void OnDatagram(Datagram datagram)
    {
        using (datagram)
        {
            _received.Writer.TryWrite(ReceivedDatagram.From(datagram));
        }
    }

    public void OnReceiveError(UnixSocketException exception) => ReceiveError = exception;

    public Task<ReceivedDatagram> NextAsync() => _received.Reader.ReadAsync().AsTask().WaitAsync(TestWait.Timeout);

    public async Task<List<ReceivedDatagram>> NextAsync(int count)
    {
        var list = new List<ReceivedDatagram>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(await NextAsync());
        }

        return list;
    }
}
