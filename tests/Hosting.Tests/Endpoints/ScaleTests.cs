using System.Collections.Concurrent;
using System.Globalization;
using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>Many endpoints in one daemon, with the default receive threads: each is bound and receives, and threads do not grow with them.</summary>
[Collection(nameof(ListenerIoThreadAlone))]
public sealed class ScaleTests
{
    private const int Endpoints = 1000;

    [Fact]
    public async Task ThousandEndpoints_DefaultReceiveThread_EachReceivesAndThreadsDoNotGrowWithEndpoints()
    {
        var counter = new EndpointCounter();
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < Endpoints; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"e{i}");
            foreach (var (key, value) in EndpointConfig.Endpoint(i, name, name + ".sock", ["count"]))
            {
                // The default receive thread (WhenBusy), not the shared one the listener tests pin.
                if (!key.EndsWith("ReceiveThread", StringComparison.Ordinal))
                {
                    settings[key] = value;
                }
            }
        }

        await using var daemon = ListenerHost.Create(systemClock: true, settings, ("count", counter));
        var before = ThreadCount();
        await daemon.StartAsync();
        var bound = ThreadCount();

        using var client = new UnixDatagramSocket();
        for (var i = 0; i < Endpoints; i++)
        {
            await client.SendToAsync("hello"u8.ToArray(), UnixSocketAddress.FromPath(daemon.Path(string.Create(CultureInfo.InvariantCulture, $"e{i}.sock")))).Within();
        }

        await counter.AllSeen(Endpoints).Within();
        var received = ThreadCount();

        Assert.Equal(Endpoints, counter.Endpoints);

        // Threads for the daemon's own services and the thread pool may come; one per endpoint (1,000) must not.
        Assert.InRange(bound - before, -Endpoints, 50);
        Assert.InRange(received - before, -Endpoints, 50);
    }

    private static int ThreadCount() => Directory.GetDirectories("/proc/self/task").Length;

    /// <summary>Counts the endpoints it has seen a datagram from; completes once it has seen a number of them.</summary>
    private sealed class EndpointCounter : IDatagramHandler
    {
        private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();
        private (int Count, TaskCompletionSource Done)? _waiter;

        public int Endpoints => _seen.Count;

        public Task AllSeen(int count)
        {
            lock (_lock)
            {
                if (_seen.Count >= count)
                {
                    return Task.CompletedTask;
                }

                _waiter = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                return _waiter.Value.Done.Task;
            }
        }

        public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
        {
            _seen.AddOrUpdate(context.EndpointName, 1, (_, n) => n + 1);
            lock (_lock)
            {
                if (_waiter is { } waiter && _seen.Count >= waiter.Count)
                {
                    waiter.Done.TrySetResult();
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
