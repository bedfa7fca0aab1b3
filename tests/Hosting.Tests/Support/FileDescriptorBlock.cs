using System.Runtime.InteropServices;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Consecutive descriptor numbers, as systemd passes them from 3, but placed high (512 and up) where nothing else in
/// the test process lives: the kernel always hands out the lowest free number, so nobody else lands here. Each
/// placed descriptor is a dup2 copy (without close-on-exec, as systemd passes them); the block closes what is left.
/// </summary>
internal sealed class FileDescriptorBlock : IDisposable
{
    private static int s_blocks;
    private readonly List<int> _numbers = [];

    public FileDescriptorBlock()
    {
        // Below 1024, so a low RLIMIT_NOFILE still allows it; blocks rotate, and only a few are open at once.
        First = 512 + (16 * (Interlocked.Increment(ref s_blocks) % 30));
    }

    public int First { get; }

    public int Count => _numbers.Count;

    /// <summary>Copies <paramref name="handle"/> to the next number of the block and returns that number.</summary>
    public int Place(SafeHandle handle)
    {
        var target = Next();
        if (DescriptorCalls.Dup2((int)handle.DangerousGetHandle(), target) != target)
        {
            throw new InvalidOperationException($"dup2 to {target} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        _numbers.Add(target);
        return target;
    }

    /// <summary>
    /// Binds a datagram socket at <paramref name="path"/> as a <c>.socket</c> unit does (its file outlives the socket),
    /// places a copy in the block and returns the socket: keep it, as systemd keeps its own descriptor, or dispose it
    /// at once to leave only the passed copy.
    /// </summary>
    public UnixDatagramSocket PlaceBound(string path)
    {
        var socket = new UnixDatagramSocket { DeleteSocketFileOnClose = false };
        try
        {
            socket.Bind(path);
            Place(socket.SafeHandle);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Leaves the next number closed (a descriptor systemd claims to pass but that is not open).</summary>
    public int Skip()
    {
        var target = Next();
        _numbers.Add(target);
        return target;
    }

    public void Dispose()
    {
        foreach (var fd in _numbers.Where(DescriptorCalls.IsOpen))
        {
            DescriptorCalls.Close(fd);
        }
    }

    private int Next()
    {
        var target = First + _numbers.Count;
        if (_numbers.Count >= 16 || DescriptorCalls.IsOpen(target))
        {
            throw new InvalidOperationException($"Descriptor {target} is in use or beyond the block; the test cannot stand in for systemd there.");
        }

        return target;
    }
}
