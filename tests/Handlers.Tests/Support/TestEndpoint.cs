using UnixDatagram.Transport;

namespace UnixDatagram.Handlers.Tests;

/// <summary>
/// A real bound socket standing in for a daemon endpoint: it receives one datagram at a time and wraps it in a
/// <see cref="DatagramContext"/> built with the public constructor, with the endpoint socket to reply through.
/// </summary>
internal sealed class TestEndpoint : IDisposable
{
    private readonly byte[] _buffer = new byte[65536];

    public TestEndpoint(TempDirectory directory, string name = "test-endpoint", bool passCredentials = true)
    {
        Name = name;
        Path = directory.File(name + ".sock");
        Socket = new UnixDatagramSocket();
        Socket.Bind(Path);
        Socket.PassCredentials = passCredentials;
    }

    public string Name { get; }

    public string Path { get; }

    public UnixDatagramSocket Socket { get; }

    public async Task<DatagramContext> ReceiveAsync()
    {
        var result = await Socket.ReceiveAsync(_buffer).AsTask().WaitAsync(TestWait.Timeout);
        return new DatagramContext(Name, _buffer.AsMemory(0, result.Length), result.Sender, result.Credentials, Socket);
    }

    /// <summary>Sends <paramref name="payload"/> from a fresh unbound client, then receives it.</summary>
    public async Task<DatagramContext> SendAndReceiveAsync(ReadOnlyMemory<byte> payload)
    {
        using var client = TestSockets.Connected(Path);
        await client.SendAsync(payload).AsTask().WaitAsync(TestWait.Timeout);
        return await ReceiveAsync();
    }

    public void Dispose() => Socket.Dispose();
}
