using System.Reflection;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Stands in for systemd's notify socket: a real datagram socket bound in the test's directory, and the real
/// <see cref="SystemdNotifier"/> pointed at it through its internal constructor "for testing" (the public one reads
/// the process-wide NOTIFY_SOCKET, which tests running in parallel must not change).
/// </summary>
internal sealed class FakeNotifySocket : IDisposable
{
    private readonly UnixDatagramSocket _socket = new();

    public FakeNotifySocket(TempDirectory directory)
    {
        Path = directory.File("notify.sock");
        _socket.Bind(Path);
        Notifier = CreateNotifier(Path);
    }

    public string Path { get; }

    public ISystemdNotifier Notifier { get; }

    /// <summary>A real notifier with no socket: what <c>new SystemdNotifier()</c> is without NOTIFY_SOCKET.</summary>
    public static ISystemdNotifier Disabled() => CreateNotifier(null);

    /// <summary>The next datagram, as text; fails the test after <see cref="TestWait.Timeout"/>.</summary>
    public async Task<string> ReceiveAsync()
    {
        var buffer = new byte[4096];
        var result = await _socket.ReceiveAsync(buffer).AsTask().WaitAsync(TestWait.Timeout);
        return Encoding.UTF8.GetString(buffer, 0, result.Length);
    }

    /// <summary>A datagram already queued, or null.</summary>
    public string? TryReceive()
    {
        var buffer = new byte[4096];
        return _socket.TryReceive(buffer, out var result) ? Encoding.UTF8.GetString(buffer, 0, result.Length) : null;
    }

    public void Dispose() => _socket.Dispose();

    private static SystemdNotifier CreateNotifier(string? path)
    {
        var constructor = typeof(SystemdNotifier).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string)])
            ?? throw new InvalidOperationException("SystemdNotifier no longer has its internal (string socketPath) constructor; update FakeNotifySocket.");
        return (SystemdNotifier)constructor.Invoke([path]);
    }
}
