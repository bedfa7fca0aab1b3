using UnixDatagram.Hosting.Endpoints;
using static UnixDatagram.Hosting.Systemd.SystemdLog;
using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Systemd;

/// <summary>
/// The sockets systemd passed at start (socket activation), read once: endpoints take them by
/// <c>FileDescriptorName</c> or by bound path; what no endpoint takes is reported at start. A singleton.
/// </summary>
/// <remarks>
/// <para>Like <c>sd_listen_fds(1)</c>, construction removes <c>LISTEN_PID</c>, <c>LISTEN_FDS</c> and
/// <c>LISTEN_FDNAMES</c> from the environment (the managed one, which <c>Process.Start</c> passes on) and marks every
/// passed descriptor close-on-exec, so child processes inherit neither.</para>
/// <para>An adopted socket comes from <see cref="UnixDatagramSocket.FromFileDescriptor"/>: it owns the descriptor
/// (systemd keeps its own copy) and never unlinks or chmods its file; the <c>.socket</c> unit owns that.</para>
/// </remarks>
internal sealed class SystemdSocketActivation : IInheritedSockets
{
    /// <summary>The suffix of a socket unit's name, part of the default <c>FileDescriptorName=</c>.</summary>
    private const string UnitSuffix = ".socket";

    private readonly Lock _lock = new();
    private readonly List<PassedFileDescriptor> _untaken;
    private readonly ILogger _logger;

    /// <summary>Reads this process's environment; the container calls this.</summary>
    public SystemdSocketActivation(ILoggerFactory loggerFactory)
        : this(Environment.ProcessId, Environment.GetEnvironmentVariable, ListenFdsEnvironment.FirstFileDescriptor, static name => Environment.SetEnvironmentVariable(name, null), LogCategory.For<SystemdSocketActivation>(loggerFactory))
    {
    }

    /// <summary>For testing: the process id, the environment, and the number of the first descriptor (3 in real life).</summary>
    /// <param name="processId">This process's id, compared with <c>LISTEN_PID</c>.</param>
    /// <param name="environment">Reads a variable.</param>
    /// <param name="firstFileDescriptor">The first passed descriptor; the others follow it without gaps.</param>
    /// <param name="unsetEnvironment">Removes a variable; called for each of the three that is present. Null: nothing is removed.</param>
    /// <param name="logger">The logger.</param>
    internal SystemdSocketActivation(int processId, Func<string, string?> environment, int firstFileDescriptor, Action<string>? unsetEnvironment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfNegative(firstFileDescriptor);
        _logger = logger;
        var passed = ListenFdsEnvironment.Read(environment, processId);
        if (unsetEnvironment is not null)
        {
            foreach (var name in ListenFdsEnvironment.VariableNames.Where(n => environment(n) is not null))
            {
                unsetEnvironment(name);
            }
        }

        if (passed.IgnoredBecause is { } ignored)
        {
            LogIgnored(_logger, ignored);
        }

        if (passed.Problem is { } problem)
        {
            LogMalformed(_logger, problem);
        }

        _untaken = [.. passed.Names.Select((name, i) => PassedFileDescriptor.Inspect(firstFileDescriptor + i, name))];
        foreach (var fd in _untaken)
        {
            LogPassed(_logger, fd.FileDescriptor, fd.Name, fd.Description);
        }
    }

    /// <summary>The passed descriptors no endpoint has taken yet, in descriptor order.</summary>
    public IReadOnlyList<PassedFileDescriptor> Untaken
    {
        get
        {
            lock (_lock)
            {
                return [.. _untaken];
            }
        }
    }

    /// <summary>
    /// Takes the first untaken descriptor passed under <paramref name="fileDescriptorName"/> (<c>FileDescriptorName=</c>),
    /// or else under that name with <c>.socket</c> appended: a <c>.socket</c> unit without <c>FileDescriptorName=</c>
    /// names its sockets after itself, suffix included (systemd.socket(5), sd_listen_fds_with_names(3)), so
    /// <c>syslog.socket</c> passes its socket as <c>syslog.socket</c>, which <c>syslog</c> finds too.
    /// </summary>
    /// <param name="fileDescriptorName">The endpoint's <c>FileDescriptorName</c>.</param>
    /// <param name="socket">The socket taken.</param>
    /// <param name="passedName">The name it was passed under.</param>
    /// <returns>False when no untaken descriptor has that name.</returns>
    /// <exception cref="InvalidOperationException">That descriptor is not an <c>AF_UNIX</c> <c>SOCK_DGRAM</c> socket; the message names its number, its name and what it is.</exception>
    public bool TryTakeByName(string fileDescriptorName, out UnixDatagramSocket socket, out string? passedName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileDescriptorName);
        var unitName = fileDescriptorName + UnitSuffix;
        if (TryTake(fd => string.Equals(fd.Name, fileDescriptorName, StringComparison.Ordinal), out socket))
        {
            passedName = fileDescriptorName;
            return true;
        }

        passedName = unitName;
        return !fileDescriptorName.EndsWith(UnitSuffix, StringComparison.Ordinal) && TryTake(fd => string.Equals(fd.Name, unitName, StringComparison.Ordinal), out socket);
    }

    /// <summary>As <see cref="TryTakeByName(string, out UnixDatagramSocket, out string?)"/>, without saying under which name.</summary>
    /// <returns>False when no untaken descriptor has that name.</returns>
    public bool TryTakeByName(string fileDescriptorName, out UnixDatagramSocket socket) => TryTakeByName(fileDescriptorName, out socket, out _);

    /// <summary>What systemd passed that is still untaken, for an error message: <c>fd 3 'syslog.socket' (an AF_UNIX SOCK_DGRAM socket bound to /run/systemd/journal/syslog)</c>.</summary>
    public string DescribeUntaken()
    {
        var untaken = Untaken;
        return untaken.Count == 0
            ? "systemd passed no other socket (LISTEN_FDS is unset, or every passed socket is taken: was the daemon started by its .socket unit?)"
            : "systemd passed: " + string.Join("; ", untaken.Select(fd => fd.ToString()));
    }

    /// <summary>Takes the untaken descriptor bound to <paramref name="resolvedPath"/>: an absolute path, or <c>@name</c>.</summary>
    /// <returns>False when no untaken descriptor is bound there (or the text is not a socket address).</returns>
    /// <exception cref="InvalidOperationException">The socket bound there is not a datagram socket; the message names it.</exception>
    public bool TryTakeByPath(string resolvedPath, out UnixDatagramSocket socket)
    {
        ArgumentNullException.ThrowIfNull(resolvedPath);
        if (!UnixSocketAddress.TryParse(resolvedPath, out var wanted, out _))
        {
            socket = null!;
            return false;
        }

        wanted = Normalize(wanted);
        return TryTake(fd => fd.Address.IsAddressable && Normalize(fd.Address) == wanted, out socket);
    }

    /// <summary>Logs a warning for each descriptor no endpoint took; called once the host has started.</summary>
    public void ReportUntaken()
    {
        foreach (var fd in Untaken)
        {
            if (fd.IsDatagramSocket)
            {
                LogUnclaimedSocket(_logger, fd.FileDescriptor, fd.Name, fd.Address.ToString());
            }
            else
            {
                LogUnusable(_logger, fd.FileDescriptor, fd.Name, fd.Description);
            }
        }
    }

    private bool TryTake(Func<PassedFileDescriptor, bool> match, out UnixDatagramSocket socket)
    {
        lock (_lock)
        {
            var index = _untaken.FindIndex(fd => match(fd));
            if (index < 0)
            {
                socket = null!;
                return false;
            }

            var fd = _untaken[index];
            if (!fd.IsDatagramSocket)
            {
                throw new InvalidOperationException(NotDatagramMessage(fd));
            }

            try
            {
                socket = UnixDatagramSocket.FromFileDescriptor(fd.FileDescriptor, ownsHandle: true);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"systemd passed file descriptor {fd.FileDescriptor} named '{fd.Name}', which can no longer be adopted: {ex.Message}", ex);
            }

            _untaken.RemoveAt(index);
            return true;
        }
    }

    private static string NotDatagramMessage(PassedFileDescriptor fd) =>
        $"systemd passed file descriptor {fd.FileDescriptor} named '{fd.Name}', which is {fd.Description}, not an AF_UNIX datagram socket. " +
        "Declare it with ListenDatagram= (not ListenStream= or ListenSequentialPacket=) in the .socket unit, or point the endpoint at another FileDescriptorName.";

    private static UnixSocketAddress Normalize(UnixSocketAddress address) =>
        address.Kind == UnixAddressKind.Path && Path.IsPathRooted(address.Value) ? UnixSocketAddress.FromPath(Path.GetFullPath(address.Value)) : address;
}
