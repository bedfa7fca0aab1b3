using System.Runtime.ExceptionServices;
using UnixDatagram.Transport;

namespace UnixDatagram.Bench;

/// <summary>
/// Our transport: <see cref="UnixDatagramSocket.StartReceiving"/> runs batched <c>recvmmsg</c> on its own thread, or on the shared I/O
/// thread and hands each datagram to <see cref="IDatagramReceiver.OnDatagram"/> on that thread.
/// </summary>
internal static class TransportLoop
{
    /// <summary>Batch size, as the C recvmmsg receiver's <c>vlen</c>.</summary>
    private const int BatchSize = 64;

    /// <param name="path">The socket to bind.</param>
    /// <param name="window">What to count and time.</param>
    /// <param name="dedicatedThread">A receive thread of the socket's own blocking in <c>recvmmsg</c> (the daemon's default), or the shared epoll thread.</param>
    public static void Receive(string path, MeasurementWindow window, bool dedicatedThread)
    {
        // Declared first, disposed last: the socket's receive loop is stopped before the receiver goes away.
        using var receiver = new CountingReceiver(window);
        using var socket = new UnixDatagramSocket();
        socket.Bind(path);
        var options = new ReceiveLoopOptions { MaxDatagramSize = window.BufferSize, BatchSize = BatchSize, DedicatedThread = dedicatedThread };
        socket.StartReceiving(receiver, options);
        receiver.WaitUntilDone();
    }

    /// <summary>Counts on the I/O thread and releases the main thread after the last datagram or on an error.</summary>
    private sealed class CountingReceiver(MeasurementWindow window) : IDatagramReceiver, IDisposable
    {
        private readonly ManualResetEventSlim _done = new();
        private Exception? _error;

        public void OnDatagram(Datagram datagram)
        {
            int length = datagram.Length;
            bool truncated = datagram.IsTruncated;
            datagram.Dispose();
            if (_done.IsSet)
            {
                return; // Past the last datagram, or after a failure: nothing left to count.
            }
            if (truncated)
            {
                Stop(new InvalidDataException($"datagram {window.Received + 1} was truncated to {length} bytes"));
                return;
            }
            try
            {
                if (window.Count(length))
                {
                    _done.Set();
                }
            }
            catch (InvalidDataException error)
            {
                Stop(error);
            }
        }

        public void OnReceiveError(UnixSocketException error) => Stop(error);

        /// <summary>Blocks until the window is complete.</summary>
        /// <exception cref="InvalidDataException">A datagram had the wrong size.</exception>
        /// <exception cref="UnixSocketException">The receive loop stopped on an error.</exception>
        public void WaitUntilDone()
        {
            _done.Wait();
            if (_error is not null)
            {
                ExceptionDispatchInfo.Throw(_error);
            }
        }

        public void Dispose() => _done.Dispose();

        private void Stop(Exception error)
        {
            _error = error;
            _done.Set();
        }
    }
}
