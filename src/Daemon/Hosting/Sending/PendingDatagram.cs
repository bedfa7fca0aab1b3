using System.Buffers;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Sending;

/// <summary>
/// A datagram waiting in a congested target's queue: either a pooled copy, or (policy Wait, queue full) the caller's
/// own buffer, which stays lent to us because the caller awaits the send. Touched only under the target's lock.
/// </summary>
internal sealed class PendingDatagram
{
    private readonly ReadOnlyMemory<byte> _borrowed;
    private byte[]? _copy;

    private PendingDatagram(byte[]? copy, ReadOnlyMemory<byte> borrowed, int length, bool awaited)
    {
        _copy = copy;
        _borrowed = borrowed;
        Length = length;
        IsCopy = copy is not null;
        Node = new LinkedListNode<PendingDatagram>(this);
        Completion = awaited ? new TaskCompletionSource<SendResult>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    }

    /// <summary>The datagram's place in the target's queue; <see cref="LinkedListNode{T}.List"/> is null once it left.</summary>
    public LinkedListNode<PendingDatagram> Node { get; }

    /// <summary>Whether the datagram holds a pooled copy (it counts against <c>QueueCapacity</c>).</summary>
    public bool IsCopy { get; }

    /// <summary>The payload length in bytes.</summary>
    public int Length { get; }

    /// <summary>Completed when the kernel takes the datagram (policy Wait); null for a fire-and-forget <c>Queued</c> send.</summary>
    public TaskCompletionSource<SendResult>? Completion { get; }

    /// <summary>The caller's cancellation, unregistered when the datagram leaves the queue.</summary>
    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>The target whose queue holds the datagram.</summary>
    public SendTarget? Owner { get; set; }

    /// <summary>The bytes to send.</summary>
    public ReadOnlySpan<byte> Span => _copy is { } copy ? copy.AsSpan(0, Length) : _borrowed.Span;

    /// <summary>Copies <paramref name="payload"/> into a buffer from <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static PendingDatagram Copy(ReadOnlyMemory<byte> payload, bool awaited)
    {
        var copy = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.Span.CopyTo(copy);
        return new PendingDatagram(copy, default, payload.Length, awaited);
    }

    /// <summary>Keeps a reference to the caller's buffer; valid only because the caller awaits the returned task.</summary>
    public static PendingDatagram Borrow(ReadOnlyMemory<byte> payload) => new(null, payload, payload.Length, awaited: true);

    /// <summary>The caller's token was cancelled: leave the queue unsent, unless the kernel took the datagram already.</summary>
    public void Cancel(CancellationToken token) => Owner?.Cancel(this, token);

    /// <summary>Returns the copy to the pool and drops the cancellation registration (without waiting for a running callback).</summary>
    public void Release()
    {
        if (_copy is { } copy)
        {
            _copy = null;
            ArrayPool<byte>.Shared.Return(copy);
        }

        Cancellation.Unregister();
    }
}
