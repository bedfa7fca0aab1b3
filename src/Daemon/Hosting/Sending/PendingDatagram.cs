using System.Buffers;
using System.Threading.Tasks.Sources;

namespace UnixDatagram.Hosting.Sending;

/// <summary>
/// A datagram waiting in a congested target's queue: either a pooled copy, or (policy Wait, queue full) the caller's
/// own buffer, which stays lent to us because the caller awaits the send. It is also the awaited send itself (an
/// <see cref="IValueTaskSource{TResult}"/>), and is reused once its caller has the result, so that a congested send
/// allocates nothing once warm. Touched only under the target's lock, but for <see cref="IValueTaskSource{TResult}"/>.
/// </summary>
internal sealed class PendingDatagram : IValueTaskSource<SendResult>
{
    private readonly TargetQueue _owner;
    private ManualResetValueTaskSourceCore<SendResult> _completion = new() { RunContinuationsAsynchronously = true };
    private ReadOnlyMemory<byte> _borrowed;
    private byte[]? _copy;

    public PendingDatagram(TargetQueue owner)
    {
        _owner = owner;
        Node = new LinkedListNode<PendingDatagram>(this);
    }

    /// <summary>The datagram's place in the target's queue; <see cref="LinkedListNode{T}.List"/> is null once it left.</summary>
    public LinkedListNode<PendingDatagram> Node { get; }

    /// <summary>Whether the datagram holds a pooled copy (it counts against <c>QueueCapacity</c>).</summary>
    public bool IsCopy { get; private set; }

    /// <summary>The payload length in bytes.</summary>
    public int Length { get; private set; }

    /// <summary>Whether a caller awaits the send (policy Wait); false for a fire-and-forget <c>Queued</c> send.</summary>
    public bool IsAwaited { get; private set; }

    /// <summary>The caller's token: a cancellation only counts for the send that registered it (see <see cref="TargetQueue.Cancel"/>).</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>The caller's cancellation, unregistered when the datagram leaves the queue.</summary>
    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>Tells this use of the entry from the next one.</summary>
    public short Version => _completion.Version;

    /// <summary>The caller's task (policy Wait).</summary>
    public ValueTask<SendResult> Task => new(this, _completion.Version);

    /// <summary>The bytes to send.</summary>
    public ReadOnlySpan<byte> Span => _copy is { } copy ? copy.AsSpan(0, Length) : _borrowed.Span;

    /// <summary>Holds a copy of <paramref name="payload"/> in a buffer from <see cref="ArrayPool{T}.Shared"/>.</summary>
    public void Copy(ReadOnlyMemory<byte> payload, bool awaited, CancellationToken cancellationToken)
    {
        _copy = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.Span.CopyTo(_copy);
        Hold(payload.Length, awaited, isCopy: true, cancellationToken);
    }

    /// <summary>Keeps a reference to the caller's buffer; valid only because the caller awaits the returned task.</summary>
    public void Borrow(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        _borrowed = payload;
        Hold(payload.Length, awaited: true, isCopy: false, cancellationToken);
    }

    /// <summary>The caller's token was cancelled: leave the queue unsent, unless the kernel took the datagram already.</summary>
    public void Cancel(CancellationToken token) => _owner.Cancel(this, token);

    /// <summary>
    /// Registers the caller's <paramref name="cancellationToken"/> for this use of the entry, outside the target's lock
    /// (<paramref name="targetLock"/>); the registration is kept only if this use is still queued once it is made.
    /// </summary>
    public void RegisterCancellation(Lock targetLock, CancellationToken cancellationToken)
    {
        var version = Version;
        var registration = cancellationToken.UnsafeRegister(static (state, token) => ((PendingDatagram)state!).Cancel(token), this);
        lock (targetLock)
        {
            if (Node.List is null || Version != version)
            {
                registration.Unregister();
            }
            else
            {
                Cancellation = registration;
            }
        }
    }

    /// <summary>Frees the payload and the cancellation, and completes the caller's task (whose continuation runs elsewhere).</summary>
    public void Complete(SendResult result)
    {
        Release();
        if (IsAwaited)
        {
            _completion.SetResult(result);
        }
    }

    /// <summary>As <see cref="Complete"/>, with an exception for the awaiting caller.</summary>
    public void Fail(Exception exception)
    {
        Release();
        _completion.SetException(exception);
    }

    /// <summary>Readies the entry for its next datagram.</summary>
    public void Reset()
    {
        _completion.Reset();
        CancellationToken = default;
        Cancellation = default;
    }

    SendResult IValueTaskSource<SendResult>.GetResult(short token)
    {
        try
        {
            return _completion.GetResult(token);
        }
        finally
        {
            // The caller has its result: nothing refers to this use of the entry any more.
            _owner.Return(this);
        }
    }

    ValueTaskSourceStatus IValueTaskSource<SendResult>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<SendResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    private void Hold(int length, bool awaited, bool isCopy, CancellationToken cancellationToken)
    {
        Length = length;
        IsAwaited = awaited;
        IsCopy = isCopy;
        CancellationToken = cancellationToken;
    }

    /// <summary>Returns the copy to the pool and drops the cancellation registration (without waiting for a running callback).</summary>
    private void Release()
    {
        if (_copy is { } copy)
        {
            _copy = null;
            ArrayPool<byte>.Shared.Return(copy);
        }

        _borrowed = default;
        Cancellation.Unregister();
    }
}
