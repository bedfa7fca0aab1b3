using UnixDatagram.Transport;

namespace UnixDatagram.Handlers.Tests;

/// <summary>What <see cref="TestDatagramSender"/> does when the kernel says the peer's queue is full.</summary>
public enum TestCongestionPolicy
{
    /// <summary>Wait until the peer drains, then send: <see cref="SendResult.Sent"/>.</summary>
    Wait,

    /// <summary><see cref="SendResult.Congested"/>.</summary>
    Fail,

    /// <summary><see cref="SendResult.Dropped"/>.</summary>
    Drop,

    /// <summary>Copy the payload into a queue: <see cref="SendResult.Queued"/>.</summary>
    Queue,
}

/// <summary>
/// An <see cref="IDatagramSender"/> with one target over a real connected socket: the kernel decides whether a send
/// goes through, is congested, or finds the peer gone.
/// </summary>
internal sealed class TestDatagramSender : IDatagramSender, IDisposable
{
    private readonly string _target;
    private readonly TestCongestionPolicy _policy;

    public TestDatagramSender(string target, string path, TestCongestionPolicy policy = TestCongestionPolicy.Wait)
    {
        _target = target;
        _policy = policy;
        Socket = new UnixDatagramSocket();
        Socket.Connect(path);
    }

    public UnixDatagramSocket Socket { get; }

    public List<byte[]> Queued { get; } = [];

    public IReadOnlyCollection<string> TargetNames => [_target];

    public async ValueTask<SendResult> SendAsync(string target, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (target != _target)
        {
            throw new ArgumentException($"'{target}' is not a configured target.", nameof(target));
        }

        try
        {
            if (_policy == TestCongestionPolicy.Wait)
            {
                await Socket.SendAsync(payload, cancellationToken);
                return SendResult.Sent;
            }

            if (Socket.Send(payload.Span) == SendStatus.Sent)
            {
                return SendResult.Sent;
            }
        }
        catch (UnixSocketException ex) when (ex.ErrorName is "ECONNREFUSED" or "ENOENT")
        {
            return SendResult.PeerUnavailable;
        }

        switch (_policy)
        {
            case TestCongestionPolicy.Queue:
                Queued.Add(payload.ToArray());
                return SendResult.Queued;
            case TestCongestionPolicy.Drop:
                return SendResult.Dropped;
            default:
                return SendResult.Congested;
        }
    }

    /// <summary>Sends filler until the kernel refuses: the peer's queue is then full.</summary>
    public int FillPeerQueue()
    {
        for (var sent = 0; sent < 100_000; sent++)
        {
            if (Socket.Send("filler"u8) == SendStatus.Congested)
            {
                return sent;
            }
        }

        throw new InvalidOperationException("The peer's queue never filled.");
    }

    public void Dispose() => Socket.Dispose();
}
