using System.Net.Sockets;
using UnixDatagram.Hosting.Systemd;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Systemd;

/// <summary>
/// Socket activation over real descriptors: the test plays systemd by placing real sockets at consecutive numbers
/// (<see cref="FileDescriptorBlock"/>) and describing them in the environment it hands the constructor.
/// </summary>
public sealed partial class SystemdSocketActivationTests : IDisposable
{
    private const int OurPid = 4242;

    private readonly TempDirectory _dir = new();
    private readonly FileDescriptorBlock _fds = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);
    private readonly List<string> _unset = [];

    public void Dispose()
    {
        _fds.Dispose();
        _dir.Dispose();
    }

    private SystemdSocketActivation Create() =>
        new(OurPid, name => _env.GetValueOrDefault(name), _fds.First, _unset.Add, _logs.CreateLogger("activation"));

    private void PassEnvironment(int pid, string? names, int? count = null)
    {
        _env["LISTEN_PID"] = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _env["LISTEN_FDS"] = (count ?? _fds.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (names is not null)
        {
            _env["LISTEN_FDNAMES"] = names;
        }
    }

    /// <summary>Binds a datagram socket in the test directory, as a .socket unit would, and passes a copy of it.</summary>
    private string PassDatagramSocket(string name)
    {
        var path = _dir.File(name);
        _fds.PlaceBound(path).Dispose();
        return path;
    }

    private string PassStreamSocket(string name)
    {
        var path = _dir.File(name);
        using var original = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        original.Bind(new UnixDomainSocketEndPoint(path));
        original.Listen();
        _fds.Place(original.SafeHandle);
        return path;
    }
}
