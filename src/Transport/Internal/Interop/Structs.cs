namespace UnixDatagram.Transport.Internal.Interop;

/// <summary><c>struct iovec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVec
{
    public void* Base;
    public nuint Length;
}

/// <summary><c>struct msghdr</c> (LP64).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MsgHdr
{
    public void* Name;
    public uint NameLength;
    public IoVec* Iov;
    public nuint IovLength;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary><c>struct mmsghdr</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MMsgHdr
{
    public MsgHdr Header;
    public uint Length;
}

/// <summary><c>struct ucred</c>, the payload of an <c>SCM_CREDENTIALS</c> control message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct UCred
{
    public int Pid;
    public uint Uid;
    public uint Gid;
}

/// <summary>The fields of <c>struct statx</c> the transport reads; the kernel fixes this layout on every architecture.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct Statx
{
    [FieldOffset(0)] public uint Mask;
    [FieldOffset(16)] public uint Nlink;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;
}

/// <summary><c>struct pollfd</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;
}

/// <summary>
/// <c>struct sigaction</c> of glibc and musl on LP64 (152 bytes): the handler union first, then <c>sa_mask</c> (a
/// 1024-bit <c>sigset_t</c>), <c>sa_flags</c>, <c>sa_restorer</c>. All zero is the default action with no flags.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SigAction
{
    /// <summary><c>sa_handler</c> (or <c>sa_sigaction</c>): <see cref="Libc.SIG_DFL"/>, <see cref="Libc.SIG_IGN"/> or a function.</summary>
    public nint Handler;
    public fixed ulong Mask[16];
    public int Flags;
    public nint Restorer;
}

/// <summary><c>struct nlmsghdr</c> followed by <c>struct unix_diag_req</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct UnixDiagRequest
{
    public uint Length;
    public ushort Type;
    public ushort Flags;
    public uint Sequence;
    public uint PortId;
    public byte Family;
    public byte Protocol;
    public ushort Pad;
    public uint States;
    public uint Inode;
    public uint Show;
    public uint Cookie0;
    public uint Cookie1;
}
