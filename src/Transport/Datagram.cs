using System.Runtime.CompilerServices;
using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>
/// One received datagram in a pooled buffer: payload, sender, credentials and truncation. Borrowed: the receiver
/// that gets it owns it until it calls <see cref="Dispose"/>, which hands the buffer back to the socket's pool.
/// </summary>
/// <remarks>
/// <see cref="Payload"/> must not be used after <see cref="Dispose"/>; copy what you keep. While every pooled
/// datagram is out, the socket stops reading and the kernel queue fills, which is how slow consumers push back
/// on senders instead of losing data.
/// </remarks>
public sealed unsafe class Datagram : IDisposable
{
    private readonly byte[] _buffer;
    private readonly byte[] _name;
    private readonly byte[] _control;
    private readonly IoVec[] _iov;
    private readonly byte* _namePointer;
    private readonly byte* _controlPointer;
    private readonly IoVec* _iovPointer;
    private readonly ReceiveLoop _owner;
    private int _leased;

    internal Datagram(ReceiveLoop owner, int bufferSize)
    {
        _owner = owner;
        _buffer = GC.AllocateUninitializedArray<byte>(bufferSize, pinned: true);
        _name = GC.AllocateArray<byte>(UnixSocketAddress.SockaddrSize, pinned: true);
        _control = GC.AllocateArray<byte>(ControlMessages.BufferSize, pinned: true);
        _iov = GC.AllocateArray<IoVec>(1, pinned: true);
        _iov[0].Base = Pointer(_buffer);
        _iov[0].Length = (nuint)bufferSize;
        _namePointer = Pointer(_name);
        _controlPointer = Pointer(_control);
        _iovPointer = (IoVec*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_iov));
    }

    /// <summary>The bytes delivered: at most the buffer size, fewer than <see cref="DatagramLength"/> when truncated.</summary>
    public int Length { get; private set; }

    /// <summary>The datagram's real length as sent, which exceeds <see cref="Length"/> when it was truncated.</summary>
    public int DatagramLength { get; private set; }

    /// <summary>Whether the datagram was longer than the buffer and cut (<c>MSG_TRUNC</c>).</summary>
    public bool IsTruncated { get; private set; }

    /// <summary>The sender's address; <see cref="UnixAddressKind.Unnamed"/> when it never bound, and then it cannot be answered.</summary>
    public UnixSocketAddress Sender { get; private set; }

    /// <summary>
    /// The sender's kernel-verified credentials, when the socket has <see cref="UnixDatagramSocket.PassCredentials"/>
    /// on; null when they are unknown (off, or the datagram was queued before it was on).
    /// </summary>
    public UnixCredentials? Credentials { get; private set; }

    /// <summary>The payload; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Payload => new(_buffer, 0, Length);

    /// <summary>The payload as a span; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Span => new(_buffer, 0, Length);

    /// <summary>Hands the buffer back to the socket's pool. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _leased, 0) == 1)
        {
            _owner.Return(this);
        }
    }

    /// <summary>Points <paramref name="message"/> at this datagram's buffers.</summary>
    internal void Prepare(ref MsgHdr message)
    {
        message.Name = _namePointer;
        message.NameLength = UnixSocketAddress.SockaddrSize;
        message.Iov = _iovPointer;
        message.IovLength = 1;
        message.Control = _controlPointer;
        message.ControlLength = ControlMessages.BufferSize;
        message.Flags = 0;
    }

    /// <summary>Reads what the kernel wrote for this datagram and marks it leased.</summary>
    internal void Complete(in MsgHdr message, int datagramLength, AddressCache addresses)
    {
        _leased = 1;
        DatagramLength = datagramLength;
        Length = Math.Min(datagramLength, _buffer.Length);
        IsTruncated = (message.Flags & Libc.MSG_TRUNC) != 0 || datagramLength > _buffer.Length;
        Sender = addresses.Get(_name.AsSpan(0, (int)message.NameLength));
        Credentials = ControlMessages.ReadCredentials(_control.AsSpan(0, (int)message.ControlLength));
    }

    private static byte* Pointer(byte[] array) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
}
